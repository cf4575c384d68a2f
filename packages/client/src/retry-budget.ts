/**
 * A retry budget shared by every request to one origin: retries may be at most `ratio` of
 * the requests in the last `windowMs`, or `minPerSecond` when that is more (so a quiet
 * client can still retry). Per-request limits multiply with the failure rate (got and ky
 * send 1.75× at 50 % failure); a shared budget keeps the load at ≤ 1 + ratio whatever
 * happens (SRE book ch. 21, Finagle RetryBudget, Envoy retry_budget; anchors §1.8, §1.10).
 *
 * Road not taken: Finagle adds the floor to the ratio and keeps deposits 10 s; Envoy treats
 * its floor as a minimum. We follow Envoy, and use a 1 s window so that credit saved during
 * calm seconds cannot be spent in one burst when the outage starts.
 */

import { DEFAULT_BUDGET_MIN_PER_SECOND, DEFAULT_BUDGET_RATIO, DEFAULT_BUDGET_WINDOW_MS } from './limits.js';
import { SlidingWindow } from './sliding-window.js';

export interface RetryBudgetOptions {
  /** Retries allowed as a fraction of requests. Default 0.1. */
  ratio?: number;
  /** Retries always allowed per second. Default 2. */
  minPerSecond?: number;
  /** Length of the sliding window in ms. Default 1000. */
  windowMs?: number;
}

/**
 * Pure token accounting: `recordRequest(now)` for each logical request, `tryRetry(now)` before
 * each retry.
 * @example
 * const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0 });
 * for (let i = 0; i < 20; i++) budget.recordRequest(0);
 * budget.tryRetry(0); // true
 * budget.tryRetry(0); // true
 * budget.tryRetry(0); // false: 2 retries for 20 requests is the 10 % budget
 */
export class RetryBudget {
  readonly ratio: number;
  readonly minPerSecond: number;
  readonly windowMs: number;
  // a = logical requests, b = retries
  readonly #window: SlidingWindow;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = options.ratio ?? DEFAULT_BUDGET_RATIO;
    this.minPerSecond = options.minPerSecond ?? DEFAULT_BUDGET_MIN_PER_SECOND;
    this.windowMs = options.windowMs ?? DEFAULT_BUDGET_WINDOW_MS;
    this.#window = new SlidingWindow(this.windowMs);
  }

  /** Counts one logical request (the first attempt). */
  recordRequest(now: number): void {
    this.#window.add(now, 'a');
  }

  /** Retries the window allows in total at `now`. */
  allowance(now: number): number {
    const { a } = this.#window.totals(now);
    return Math.max(this.ratio * a, (this.minPerSecond * this.windowMs) / 1000);
  }

  /** Spends one retry if the budget allows it; false means "do not retry". */
  tryRetry(now: number): boolean {
    const { b } = this.#window.totals(now);
    if (b + 1 > this.allowance(now) + 1e-9) return false;
    this.#window.add(now, 'b');
    return true;
  }
}
