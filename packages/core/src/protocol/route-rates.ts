/**
 * The wire format of per-route request counts: a Faultline envelope item that the server
 * middleware sends beside Sentry's `sessions` aggregates, and the collector turns into
 * 5xx rates per route and per release. Sentry and other backends ignore unknown item types
 * (sentry-protocol.md §3), so sending it to them costs a few bytes and breaks nothing.
 */

/** The envelope item type. */
export const ROUTE_RATES_ITEM_TYPE = 'faultline_rates';

/** Requests that ended in one minute on one route, by outcome. */
export interface RouteRateCount {
  /** Upper-case HTTP method. */
  method: string;
  /** The route template (`/users/:id`); null when no route matched (404s). */
  route: string | null;
  /** Every response, whatever its status (shed requests included). */
  requests: number;
  errors4xx: number;
  /** 5xx responses, shed requests and responses cut off after they started. */
  errors5xx: number;
  /** Requests refused by the load shedder before a route ran (also in `errors5xx`). */
  shed: number;
}

/** The counts of one minute. */
export interface RouteRateBucket {
  /** Start of the minute, ISO 8601. */
  minute: string;
  routes: RouteRateCount[];
}

/** The item's payload. */
export interface RouteRatesItem {
  release?: string;
  environment?: string;
  service?: string;
  buckets: RouteRateBucket[];
}

/** What a reader of `faultline_rates` keeps at most (the collector passes its limits.ts). */
export interface RouteRatesBounds {
  maxBuckets: number;
  maxRoutesPerBucket: number;
  /** One count: more requests than this in a minute from one process is not real. */
  maxCount: number;
  maxRouteLength: number;
  maxReleaseLength: number;
  maxEnvironmentLength: number;
  maxServiceLength: number;
}

const METHOD = /^[A-Z][A-Z0-9_-]{0,19}$/;

function name(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined;
}

function routeCount(v: unknown, b: RouteRatesBounds): RouteRateCount | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const count = (x: unknown) =>
    typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= b.maxCount ? x : undefined;
  const method = typeof r.method === 'string' && METHOD.test(r.method) ? r.method : undefined;
  const route = r.route === null ? null : name(r.route, b.maxRouteLength);
  const requests = count(r.requests);
  const errors4xx = count(r.errors4xx) ?? 0;
  const errors5xx = count(r.errors5xx) ?? 0;
  const shed = count(r.shed) ?? 0;
  if (method === undefined || route === undefined || requests === undefined) return undefined;
  // Outcomes are parts of `requests`; counts that do not add up are not trusted.
  if (errors4xx + errors5xx > requests || shed > errors5xx) return undefined;
  return { method, route, requests, errors4xx, errors5xx, shed };
}

function bucket(v: unknown, b: RouteRatesBounds): RouteRateBucket | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const raw = v as Record<string, unknown>;
  if (typeof raw.minute !== 'string' || Number.isNaN(Date.parse(raw.minute)) || !Array.isArray(raw.routes))
    return undefined;
  const routes: RouteRateCount[] = [];
  for (const r of raw.routes.slice(0, b.maxRoutesPerBucket)) {
    const c = routeCount(r, b);
    if (c) routes.push(c);
  }
  return routes.length > 0 ? { minute: raw.minute, routes } : undefined;
}

/**
 * A `faultline_rates` payload as a reader may trust it: a bucket or route that is not well
 * formed is left out, and an item with nothing usable is undefined (the reader drops and counts
 * it, as Relay does with session items it cannot use).
 * @example readRouteRates({ buckets: [{ minute: '2026-01-01T00:00:00Z', routes: [{ method: 'GET', route: '/a', requests: 2, errors4xx: 0, errors5xx: 1, shed: 0 }] }] }, bounds)
 */
export function readRouteRates(v: Record<string, unknown>, b: RouteRatesBounds): RouteRatesItem | undefined {
  if (!Array.isArray(v.buckets)) return undefined;
  const buckets: RouteRateBucket[] = [];
  for (const raw of v.buckets.slice(0, b.maxBuckets)) {
    const checked = bucket(raw, b);
    if (checked) buckets.push(checked);
  }
  if (buckets.length === 0) return undefined;
  const item: RouteRatesItem = { buckets };
  const release = name(v.release, b.maxReleaseLength);
  const environment = name(v.environment, b.maxEnvironmentLength);
  const service = name(v.service, b.maxServiceLength);
  if (release !== undefined) item.release = release;
  if (environment !== undefined) item.environment = environment;
  if (service !== undefined) item.service = service;
  return item;
}
