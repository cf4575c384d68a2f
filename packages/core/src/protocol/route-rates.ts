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
