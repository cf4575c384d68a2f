/**
 * Exponential backoff with full jitter: wait a uniform random time in [0, min(cap, base·2ⁿ⁻¹)).
 * Of the forms Brooker simulated, full jitter did the least work; no-jitter backoff (undici,
 * ky, p-retry defaults) was worst on both work and time (anchors §1.8). Pure: `random` is a
 * parameter so tests can pin it.
 */

import { DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_CAP_MS } from './limits.js';

export interface BackoffOptions {
  /** First retry waits up to this, ms. Default 100. */
  baseMs?: number;
  /** No wait exceeds this, ms. Default 2000. */
  capMs?: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry).
 * @example
 * fullJitter(1, {}, () => 0.5); // 50  (half of 100 ms)
 * fullJitter(3, {}, () => 0.5); // 200 (half of 400 ms)
 * fullJitter(9, {}, () => 0.5); // 1000 (half of the 2 s cap)
 */
export function fullJitter(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
