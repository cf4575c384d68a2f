/**
 * Event counts over the last `windowMs`, kept in a ring of equal buckets (cockatiel's
 * SamplingBreaker and opossum's rolling counts work the same way; anchors §1.2, §1.3).
 * Pure: it owns no timer and every call takes `now`, so tests step a number, not a clock.
 */

import { WINDOW_BUCKETS } from './limits.js';

/**
 * Two counters (`a` and `b`) summed over a sliding window.
 * @example
 * const w = new SlidingWindow(1000);
 * w.add(0, 'a'); w.add(950, 'b');
 * w.totals(1500); // { a: 0, b: 1 }: the bucket holding t = 0 has expired
 */
export class SlidingWindow {
  readonly #bucketMs: number;
  readonly #a: Float64Array;
  readonly #b: Float64Array;
  /** The index (time / bucketMs) of the newest bucket written. */
  #head = Number.NEGATIVE_INFINITY;

  constructor(windowMs: number, buckets = WINDOW_BUCKETS) {
    this.#bucketMs = Math.max(1, windowMs / buckets);
    this.#a = new Float64Array(buckets);
    this.#b = new Float64Array(buckets);
  }

  /** Moves the ring forward to `now`, zeroing buckets that fell out of the window. */
  #advance(now: number): number {
    const index = Math.floor(now / this.#bucketMs);
    const size = this.#a.length;
    if (index > this.#head) {
      const stale = Math.min(size, index - this.#head);
      for (let i = 0; i < stale; i++) {
        const slot = (((index - i) % size) + size) % size;
        this.#a[slot] = 0;
        this.#b[slot] = 0;
      }
      this.#head = index;
    }
    return ((this.#head % size) + size) % size;
  }

  /** Counts one event (or `n`) of kind `a` or `b` at `now`. */
  add(now: number, kind: 'a' | 'b', n = 1): void {
    const slot = this.#advance(now);
    if (kind === 'a') this.#a[slot]! += n;
    else this.#b[slot]! += n;
  }

  /** Both sums over the window ending at `now`. */
  totals(now: number): { a: number; b: number } {
    this.#advance(now);
    let a = 0;
    let b = 0;
    for (let i = 0; i < this.#a.length; i++) {
      a += this.#a[i]!;
      b += this.#b[i]!;
    }
    return { a, b };
  }

  /** Forgets everything (a breaker that closes starts a fresh window). */
  reset(): void {
    this.#a.fill(0);
    this.#b.fill(0);
  }
}
