/**
 * The `faultline_rates` item (core's RouteRatesItem): per-route request counts from
 * Faultline's server middleware. Checked and bounded here, so digest can trust its shape: a
 * bucket or route that is not well formed is left out, and an item with nothing usable is
 * dropped and counted, like Relay does with session items it cannot use.
 */

import type { RouteRateBucket, RouteRateCount, RouteRatesItem } from '@faultline/core';
import {
  MAX_ENVIRONMENT_LENGTH,
  MAX_NAME_LENGTH,
  MAX_RATE_BUCKETS_PER_ITEM,
  MAX_RATE_COUNT,
  MAX_RATE_ROUTES_PER_BUCKET,
  MAX_RELEASE_LENGTH,
  MAX_ROUTE_LENGTH,
} from '../limits.js';

const METHOD = /^[A-Z][A-Z0-9_-]{0,19}$/;

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_RATE_COUNT ? v : undefined;
}

function name(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined;
}

function routeCount(v: unknown): RouteRateCount | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const method = typeof r.method === 'string' && METHOD.test(r.method) ? r.method : undefined;
  const route = r.route === null ? null : name(r.route, MAX_ROUTE_LENGTH);
  const requests = count(r.requests);
  const errors4xx = count(r.errors4xx) ?? 0;
  const errors5xx = count(r.errors5xx) ?? 0;
  const shed = count(r.shed) ?? 0;
  if (method === undefined || route === undefined || requests === undefined) return undefined;
  // Outcomes are parts of `requests`; counts that do not add up are not trusted.
  if (errors4xx + errors5xx > requests || shed > errors5xx) return undefined;
  return { method, route, requests, errors4xx, errors5xx, shed };
}

function bucket(v: unknown): RouteRateBucket | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const b = v as Record<string, unknown>;
  if (typeof b.minute !== 'string' || Number.isNaN(Date.parse(b.minute)) || !Array.isArray(b.routes))
    return undefined;
  const routes: RouteRateCount[] = [];
  for (const r of b.routes.slice(0, MAX_RATE_ROUTES_PER_BUCKET)) {
    const c = routeCount(r);
    if (c) routes.push(c);
  }
  return routes.length > 0 ? { minute: b.minute, routes } : undefined;
}

/**
 * @example routeRatesOf({ buckets: [{ minute: '2026-01-01T00:00:00Z', routes: [{ method: 'GET', route: '/a', requests: 2, errors4xx: 0, errors5xx: 1, shed: 0 }] }] })
 */
export function routeRatesOf(v: Record<string, unknown>): RouteRatesItem | undefined {
  if (!Array.isArray(v.buckets)) return undefined;
  const buckets: RouteRateBucket[] = [];
  for (const b of v.buckets.slice(0, MAX_RATE_BUCKETS_PER_ITEM)) {
    const checked = bucket(b);
    if (checked) buckets.push(checked);
  }
  if (buckets.length === 0) return undefined;
  const item: RouteRatesItem = { buckets };
  const release = name(v.release, MAX_RELEASE_LENGTH);
  const environment = name(v.environment, MAX_ENVIRONMENT_LENGTH);
  const service = name(v.service, MAX_NAME_LENGTH);
  if (release !== undefined) item.release = release;
  if (environment !== undefined) item.environment = environment;
  if (service !== undefined) item.service = service;
  return item;
}
