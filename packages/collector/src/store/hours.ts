/** The buckets of `issue_hourly_counts`: UTC hours, as ms since the epoch. */

import { HOUR_MS } from '@faultline/core';

/**
 * The start of the UTC hour containing `ms` (the epoch has no leap seconds, so UTC hours are
 * whole multiples of HOUR_MS).
 * @example hourOf(Date.UTC(2025, 0, 1, 10, 42)) // Date.UTC(2025, 0, 1, 10)
 */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}
