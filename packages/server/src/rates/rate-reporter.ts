/**
 * Sends the route counter's minutes through the reporter every interval, and on flush and
 * close, so a graceful shutdown loses no counted request. Counts that cannot be queued (the
 * reporter is rate-limited, full or closed) are dropped and counted by the reporter like any
 * other envelope: rates are best effort, the request path never waits for them.
 */

import type { Reporter } from '../reporter/reporter.js';
import { type RatesEnv, ratesEnvelope } from './rates-envelope.js';
import type { RouteCounter } from './route-counter.js';

export class RateReporter {
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly counter: RouteCounter,
    private readonly reporter: Reporter,
    private readonly env: RatesEnv,
    intervalMs: number,
  ) {
    this.#timer = setInterval(() => this.send(), intervalMs);
    this.#timer.unref();
  }

  /** Queues what was counted so far; false when there was nothing to send or it was dropped. */
  send(): boolean {
    const buckets = this.counter.drain();
    if (buckets.length === 0) return false;
    return this.reporter.enqueue('session', () => ratesEnvelope(this.env, buckets));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.send();
  }
}
