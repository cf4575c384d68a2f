/**
 * GET /health: 200 `{"status":"ok"}`, or 503 with Retry-After and
 * `{"status":"degraded","reasons":[{"check":"store-write","kind":"disk","since":…,"failures":…}]}`
 * while a store lane is in a failure episode (store-health.ts).
 *
 * It probes the store itself only when nothing settled on the read lane for HEALTH_PROBE_FRESH_MS:
 * under traffic the real calls already tell, so health checks from many balancers cost no
 * queries, and an idle collector whose database went away still says so. The probe is one
 * indexed read (`projectExists(1)`), at most one at a time, and /health waits for it at most
 * HEALTH_PROBE_TIMEOUT_MS: a probe still running then is a `timeout` failure of the read lane,
 * so a hung store is reported degraded in time instead of hanging the check. Writes are never
 * probed (a probe must not write); the write lane shows what the last commits met.
 * The answer never carries a cause's message (it is unauthenticated): only lanes, kinds, counts.
 */

import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/json.js';
import { DEFAULT_STORE_RETRY_AFTER_S, HEALTH_PROBE_FRESH_MS, HEALTH_PROBE_TIMEOUT_MS } from '../limits.js';
import type { Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import type { StoreHealth } from './store-health.js';

export interface HealthCheckOptions {
  probeTimeoutMs?: number;
  probeFreshMs?: number;
}

/** Answers one /health request. */
export type HealthRoute = (res: ServerResponse) => Promise<void>;

/**
 * @param store the observed store (observe-store.ts), so the probe's outcome reaches `health`
 * @example const health = createHealthRoute(observed, storeHealth); if (url.pathname === '/health') await health(res);
 */
export function createHealthRoute(
  store: Pick<Store, 'projectExists'>,
  health: StoreHealth,
  options: HealthCheckOptions = {},
): HealthRoute {
  const timeoutMs = options.probeTimeoutMs ?? HEALTH_PROBE_TIMEOUT_MS;
  const freshMs = options.probeFreshMs ?? HEALTH_PROBE_FRESH_MS;
  /** The running probe (cleared when it settles): resolves when it settles or passes its deadline. */
  let probe: Promise<void> | undefined;

  const startProbe = (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        health.failed(
          'read',
          'the /health probe',
          new StoreUnavailableError('timeout', `the store did not answer within ${timeoutMs} ms`),
        );
        resolve();
      }, timeoutMs);
      timer.unref();
    });
    const done = store
      .projectExists(1)
      .then(
        () => undefined,
        () => undefined, // recorded by the observed store
      )
      .finally(() => {
        clearTimeout(timer);
        probe = undefined;
      });
    return Promise.race([done, overdue]);
  };

  return async (res) => {
    const last = health.lastSettledAt('read');
    if (probe === undefined && (last === undefined || health.now() - last > freshMs)) probe = startProbe();
    // Settles by the probe's deadline; a probe already past it was counted and is not waited for.
    if (probe !== undefined) await probe;
    const problems = health.problems();
    if (problems.length === 0) return sendJson(res, 200, { status: 'ok' });
    sendJson(
      res,
      503,
      {
        status: 'degraded',
        reasons: problems.map((p) => ({
          check: `store-${p.lane}`,
          kind: p.kind,
          since: new Date(p.since).toISOString(),
          failures: p.failures,
        })),
      },
      { 'retry-after': String(DEFAULT_STORE_RETRY_AFTER_S) },
    );
  };
}
