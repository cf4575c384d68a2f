/**
 * Counted minutes as one envelope with two items:
 * - `sessions` aggregates (release health in request mode: `exited` for answered requests,
 *   `errored` for 5xx), which Sentry, GlitchTip and our collector all understand. Sentry
 *   requires a release for sessions, so without one only the second item is sent;
 * - `faultline_rates`, the per-route counts, which other backends ignore.
 */

import {
  ROUTE_RATES_ITEM_TYPE,
  type RouteRateBucket,
  type RouteRatesItem,
  SESSIONS_ITEM_TYPE,
  type SessionAggregates,
} from '@faultline/core';
import type { BuiltEnvelope, ReporterItem } from '../reporter/envelope-job.js';
import { SDK_INFO } from '../reporter/sdk-info.js';

export interface RatesEnv {
  release: string | undefined;
  environment: string;
  service: string | undefined;
}

function sessionsItem(env: RatesEnv & { release: string }, buckets: RouteRateBucket[]): ReporterItem {
  const aggregates: SessionAggregates['aggregates'] = buckets.map((b) => {
    let requests = 0;
    let errored = 0;
    for (const r of b.routes) {
      requests += r.requests;
      errored += r.errors5xx;
    }
    return { started: b.minute, exited: requests - errored, errored };
  });
  return {
    category: 'session',
    type: SESSIONS_ITEM_TYPE,
    payload: {
      aggregates,
      attrs: { release: env.release, environment: env.environment },
    } satisfies SessionAggregates,
  };
}

/**
 * @example ratesEnvelope({ release: '1.0', environment: 'production', service: 'api' }, counter.drain())
 */
export function ratesEnvelope(env: RatesEnv, buckets: RouteRateBucket[]): BuiltEnvelope {
  const rates: RouteRatesItem = { environment: env.environment, buckets };
  if (env.release !== undefined) rates.release = env.release;
  if (env.service !== undefined) rates.service = env.service;
  const items: ReporterItem[] = [];
  if (env.release !== undefined) items.push(sessionsItem({ ...env, release: env.release }, buckets));
  items.push({ category: 'session', type: ROUTE_RATES_ITEM_TYPE, payload: rates });
  return { header: { sdk: { ...SDK_INFO } }, items };
}
