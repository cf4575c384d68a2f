/**
 * When a load sampler's timer fires late, the loop was blocked for that long, and may still be:
 * the delay histogram records a stall only once it is over, so a long synchronous task in progress
 * would be invisible to every read taken during it. The lateness of the reader's own timer is
 * that stall, measured as it happens, so both policies read the delay as at least this much.
 * The clock is a parameter (house style 3): tests tick it by hand.
 */

/** One tick of a sampling timer. */
export interface SampleTick {
  /** Time since the previous tick (or the start), ms. */
  elapsedMs: number;
  /** How much later than its interval the timer fired, ms (0 when on time). */
  lateMs: number;
}

/**
 * @example
 * const clock = new SampleClock(100, 0);
 * clock.tick(100); // → { elapsedMs: 100, lateMs: 0 }
 * clock.tick(450); // → { elapsedMs: 350, lateMs: 250 }: a stall of at least 250 ms
 */
export class SampleClock {
  readonly #intervalMs: number;
  #last: number;

  constructor(intervalMs: number, now: number) {
    this.#intervalMs = intervalMs;
    this.#last = now;
  }

  tick(now: number): SampleTick {
    const elapsedMs = Math.max(0, now - this.#last);
    this.#last = now;
    return { elapsedMs, lateMs: Math.max(0, elapsedMs - this.#intervalMs) };
  }
}
