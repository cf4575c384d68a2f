/**
 * How long a request body may take (sentry-protocol.md §7 has no such bound; it is ours): all
 * of it within BODY_READ_TIMEOUT_MS, and past BODY_RATE_GRACE_MS at least MIN_BODY_BYTES_PER_S on
 * the wire on average. So a slow drip is cut with 408 within seconds instead of holding its
 * socket and its bytes for the whole timeout, while a big upload on a slow link that keeps
 * sending is not: each byte received moves its deadline (Apache mod_reqtimeout's MinRate).
 */

import { IngestRejection } from './http-errors.js';

/** The bounds of one body (IngestOptions fields). */
export interface BodyPace {
  timeoutMs: number;
  graceMs: number;
  /** 0 turns the rate floor off. */
  minBytesPerS: number;
}

/** When a body that started at `startedAt` and has received `bytes` is late, and which bound says so. */
export interface BodyDeadline {
  at: number;
  bound: 'timeout' | 'rate';
}

/**
 * The deadline of a body; pure (time is a parameter).
 * @example bodyDeadline(0, 2048, { timeoutMs: 60_000, graceMs: 10_000, minBytesPerS: 1024 }) // { at: 12_000, bound: 'rate' }
 */
export function bodyDeadline(startedAt: number, bytes: number, pace: BodyPace): BodyDeadline {
  const byTimeout = startedAt + pace.timeoutMs;
  if (!(pace.minBytesPerS > 0)) return { at: byTimeout, bound: 'timeout' };
  const byRate = startedAt + pace.graceMs + (bytes * 1000) / pace.minBytesPerS;
  return byRate < byTimeout ? { at: byRate, bound: 'rate' } : { at: byTimeout, bound: 'timeout' };
}

function lateRejection(d: BodyDeadline, bytes: number, elapsedMs: number, pace: BodyPace): IngestRejection {
  const detail =
    d.bound === 'timeout'
      ? `request body not received within BODY_READ_TIMEOUT_MS (${pace.timeoutMs} ms)`
      : `request body arrived slower than MIN_BODY_BYTES_PER_S (${pace.minBytesPerS} bytes/s) after BODY_RATE_GRACE_MS (${pace.graceMs} ms): ${bytes} bytes in ${Math.round(elapsedMs)} ms`;
  return new IngestRejection(408, detail);
}

/**
 * One timer per body: it fires at the current deadline, and re-arms when bytes received since
 * moved it (so a chunk costs an addition, not a timer).
 * @example const clock = new BodyClock(pace, (err) => fail(err)); clock.received(raw); clock.stop()
 */
export class BodyClock {
  readonly #pace: BodyPace;
  readonly #onLate: (rejection: IngestRejection) => void;
  readonly #now: () => number;
  readonly #startedAt: number;
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(pace: BodyPace, onLate: (rejection: IngestRejection) => void, now = () => performance.now()) {
    this.#pace = pace;
    this.#onLate = onLate;
    this.#now = now;
    this.#startedAt = now();
    this.#schedule(bodyDeadline(this.#startedAt, 0, pace).at - this.#startedAt);
  }

  /** Bytes received on the wire so far (a running total). */
  received(bytes: number): void {
    this.#bytes = bytes;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    const deadline = bodyDeadline(this.#startedAt, this.#bytes, this.#pace);
    const now = this.#now();
    if (now >= deadline.at) {
      this.#timer = undefined;
      this.#onLate(lateRejection(deadline, this.#bytes, now - this.#startedAt, this.#pace));
      return;
    }
    this.#schedule(deadline.at - now);
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => this.#arm(), Math.max(0, Math.ceil(ms)));
  }
}
