/**
 * The graded refusal both load-shedding policies use (the server's shedder, the collector's
 * admission): a signal at its threshold refuses nothing, at twice it everything, linear between,
 * as toobusy-js does. All-or-nothing (under-pressure) swings a process slightly past its limit
 * between refusing every request and none; a graded share keeps it serving near its capacity.
 */

import { GRADED_FULL_AT_MULTIPLE } from '../limits.js';

/**
 * Where a threshold's share reaches 1: GRADED_FULL_AT_MULTIPLE times it, or the signal's hard
 * maximum if that comes first (a utilization cannot pass 1, a heap cannot pass V8's limit).
 * @example gradedFullAt(0.9, 1) // → 1
 */
export function gradedFullAt(threshold: number, hardMax = Number.POSITIVE_INFINITY): number {
  return Math.min(threshold * GRADED_FULL_AT_MULTIPLE, hardMax);
}

/**
 * The share of new requests to refuse: 0 at or below `threshold`, 1 at `full`, linear between.
 * A missing reading (NaN) refuses nothing.
 * @example gradedShare(75, 50) // → 0.5 (full at twice the threshold by default)
 * @example gradedShare(30, 20, 40) // → 0.5
 */
export function gradedShare(value: number, threshold: number, full = gradedFullAt(threshold)): number {
  if (!(value > threshold)) return 0;
  if (value >= full) return 1;
  return (value - threshold) / (full - threshold);
}
