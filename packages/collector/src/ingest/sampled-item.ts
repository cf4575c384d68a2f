/**
 * The `faultline_sampled` item through core's reader (protocol/sampled-occurrences.ts), with the
 * collector's bounds and clock: digest can then trust its shape.
 */

import { readSampled, type SampledItem } from '@faultline/core';
import {
  MAX_CLOCK_DRIFT_MS,
  MAX_ROUTE_LENGTH,
  MAX_SAMPLED_PER_ITEM,
  MAX_STORED_REQUEST_ID_LENGTH,
} from '../limits.js';

/**
 * The item's usable occurrences, and how many were left out (counted as `invalid_sampled`).
 * @example sampledOf({ occurrences: [...] }, Date.now()).item?.occurrences
 */
export function sampledOf(
  v: Record<string, unknown>,
  receivedAt: number,
): { item: SampledItem | undefined; rejected: number } {
  return readSampled(v, {
    maxOccurrences: MAX_SAMPLED_PER_ITEM,
    maxRequestIdLength: MAX_STORED_REQUEST_ID_LENGTH,
    maxRouteLength: MAX_ROUTE_LENGTH,
    maxDriftMs: MAX_CLOCK_DRIFT_MS,
    now: receivedAt,
  });
}
