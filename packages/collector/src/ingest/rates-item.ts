/**
 * The `faultline_rates` item through core's reader (protocol/route-rates.ts), with the
 * collector's bounds: digest can then trust its shape.
 */

import { type RouteRatesBounds, type RouteRatesItem, readRouteRates } from '@faultline/core';
import {
  MAX_ENVIRONMENT_LENGTH,
  MAX_NAME_LENGTH,
  MAX_RATE_BUCKETS_PER_ITEM,
  MAX_RATE_COUNT,
  MAX_RATE_ROUTES_PER_BUCKET,
  MAX_RELEASE_LENGTH,
  MAX_ROUTE_LENGTH,
} from '../limits.js';

const BOUNDS: RouteRatesBounds = {
  maxBuckets: MAX_RATE_BUCKETS_PER_ITEM,
  maxRoutesPerBucket: MAX_RATE_ROUTES_PER_BUCKET,
  maxCount: MAX_RATE_COUNT,
  maxRouteLength: MAX_ROUTE_LENGTH,
  maxReleaseLength: MAX_RELEASE_LENGTH,
  maxEnvironmentLength: MAX_ENVIRONMENT_LENGTH,
  maxServiceLength: MAX_NAME_LENGTH,
};

/**
 * @example routeRatesOf({ buckets: [{ minute: '2026-01-01T00:00:00Z', routes: [{ method: 'GET', route: '/a', requests: 2, errors4xx: 0, errors5xx: 1, shed: 0 }] }] })
 */
export function routeRatesOf(v: Record<string, unknown>): RouteRatesItem | undefined {
  return readRouteRates(v, BOUNDS);
}
