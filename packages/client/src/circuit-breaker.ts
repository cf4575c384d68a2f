/**
 * A circuit breaker per origin, as a pure state machine: it owns no timer and takes `now`
 * (and `random`, for jitter) as parameters, like cockatiel's IBreaker (house style 3).
 *
 *   closed ──(failure ratio ≥ threshold with enough throughput, or N consecutive failures)──▶ open
 *   open ──(now ≥ retryAt)──▶ half-open: `probes` calls let through, the rest fail fast
 *   half-open ──(all probes succeed)──▶ closed (fresh window)   ──(a probe fails)──▶ open
 *
 * Several probes, all of which must pass, keep one lucky call from closing a flapping
 * breaker (opossum closes on one; opossum #613, cockatiel 4 `halfOpenSampling`), and a
 * jittered open time keeps replicas from probing together (anchors §2 pitfalls).
 */

import {
  BREAKER_OPEN_JITTER,
  DEFAULT_BREAKER_FAILURE_RATIO,
  DEFAULT_BREAKER_MIN_THROUGHPUT,
  DEFAULT_BREAKER_OPEN_MS,
  DEFAULT_BREAKER_PROBES,
  DEFAULT_BREAKER_WINDOW_MS,
} from './limits.js';
import { SlidingWindow } from './sliding-window.js';

export interface CircuitBreakerOptions {
  /** Open when failures ÷ attempts in the window reaches this. Default 0.8. */
  failureRatio?: number;
  /** Attempts the window must hold before the ratio counts. Default 20. */
  minimumThroughput?: number;
  /** Sliding window for the ratio, ms. Default 2000. */
  windowMs?: number;
  /** Consecutive-failures mode: also open after this many failures in a row. Default off. */
  consecutiveFailures?: number;
  /** Time open before probing, ms (stretched by up to 20 % jitter). Default 500. */
  openMs?: number;
  /** Probes allowed while half-open; all must succeed to close. Default 3. */
  probes?: number;
}

/** The breaker's state; each kind carries only the data it needs (house style 6). */
export type BreakerState =
  | { kind: 'closed'; consecutiveFailures: number }
  | { kind: 'open'; openedAt: number; retryAt: number }
  | { kind: 'half-open'; admitted: number; succeeded: number };

/** The answer to "may this call go out?". `ticket` is handed back with the outcome. */
export type Admission = { allowed: true; ticket: BreakerTicket } | { allowed: false; retryAt: number };

/** Identifies the state a call was admitted in, so late results from an older state are ignored. */
export interface BreakerTicket {
  probe: boolean;
  generation: number;
}

/**
 * Tracks one origin's health; the breaker wrapper asks it before each attempt.
 * @example
 * const b = new CircuitBreaker({ consecutiveFailures: 2, openMs: 1000 }, () => 0);
 * for (const now of [0, 1]) {
 *   const a = b.admit(now);
 *   if (a.allowed) b.failure(a.ticket, now);
 * }
 * b.state.kind;  // 'open'
 * b.admit(500);  // { allowed: false, retryAt: 1001 }
 * b.admit(1001); // { allowed: true, ticket: { probe: true, ... } }: half-open
 */
export class CircuitBreaker {
  readonly failureRatio: number;
  readonly minimumThroughput: number;
  readonly consecutiveFailures: number;
  readonly openMs: number;
  readonly probes: number;
  #state: BreakerState = { kind: 'closed', consecutiveFailures: 0 };
  #generation = 0;
  // a = successes, b = failures
  readonly #window: SlidingWindow;
  readonly #random: () => number;

  constructor(options: CircuitBreakerOptions = {}, random: () => number = Math.random) {
    this.failureRatio = options.failureRatio ?? DEFAULT_BREAKER_FAILURE_RATIO;
    this.minimumThroughput = options.minimumThroughput ?? DEFAULT_BREAKER_MIN_THROUGHPUT;
    this.consecutiveFailures = options.consecutiveFailures ?? Number.POSITIVE_INFINITY;
    this.openMs = options.openMs ?? DEFAULT_BREAKER_OPEN_MS;
    this.probes = Math.max(1, options.probes ?? DEFAULT_BREAKER_PROBES);
    this.#window = new SlidingWindow(options.windowMs ?? DEFAULT_BREAKER_WINDOW_MS);
    this.#random = random;
  }

  /** The current state (open turns half-open lazily, on the next `admit`). */
  get state(): Readonly<BreakerState> {
    return this.#state;
  }

  /** Asks to send one call at `now`. */
  admit(now: number): Admission {
    const s = this.#state;
    if (s.kind === 'open') {
      if (now < s.retryAt) return { allowed: false, retryAt: s.retryAt };
      this.#enter({ kind: 'half-open', admitted: 0, succeeded: 0 });
    }
    const h = this.#state;
    if (h.kind === 'half-open') {
      if (h.admitted >= this.probes) return { allowed: false, retryAt: now + this.openMs };
      h.admitted++;
      return { allowed: true, ticket: { probe: true, generation: this.#generation } };
    }
    return { allowed: true, ticket: { probe: false, generation: this.#generation } };
  }

  /** Records a successful call. */
  success(ticket: BreakerTicket, now: number): void {
    if (ticket.generation !== this.#generation) return;
    const s = this.#state;
    if (s.kind === 'closed') {
      s.consecutiveFailures = 0;
      this.#window.add(now, 'a');
    } else if (s.kind === 'half-open' && ticket.probe && ++s.succeeded >= this.probes) {
      this.#window.reset();
      this.#enter({ kind: 'closed', consecutiveFailures: 0 });
    }
  }

  /** Records a failed call (network error, timeout, 5xx; never a 4xx or a caller abort). */
  failure(ticket: BreakerTicket, now: number): void {
    if (ticket.generation !== this.#generation) return;
    const s = this.#state;
    if (s.kind === 'half-open') {
      if (ticket.probe) this.#open(now);
      return;
    }
    if (s.kind !== 'closed') return;
    s.consecutiveFailures++;
    this.#window.add(now, 'b');
    const { a, b } = this.#window.totals(now);
    const total = a + b;
    const byRatio = total >= this.minimumThroughput && b / total >= this.failureRatio;
    if (byRatio || s.consecutiveFailures >= this.consecutiveFailures) this.#open(now);
  }

  /** A call that ended without a verdict (aborted by its caller): frees its probe slot. */
  release(ticket: BreakerTicket): void {
    const s = this.#state;
    if (ticket.probe && ticket.generation === this.#generation && s.kind === 'half-open') s.admitted--;
  }

  #open(now: number): void {
    const wait = this.openMs * (1 + BREAKER_OPEN_JITTER * this.#random());
    this.#enter({ kind: 'open', openedAt: now, retryAt: now + Math.round(wait) });
  }

  #enter(state: BreakerState): void {
    this.#generation++;
    this.#state = state;
  }
}
