/**
 * The shoppers: an open-loop load on the storefront, drawn from the seeded generator and
 * shaped by the schedule (steady traffic, plus the surge's searches). Arrivals follow the
 * elapsed time, not the number of ticks, so a tick delayed by a busy event loop sends what
 * fell due meanwhile, as real shoppers would have: no coordinated omission. Every outcome is
 * tallied; arrivals past DEMO_MAX_LOAD_IN_FLIGHT are counted as skipped, not queued.
 */

import { setMaxListeners } from 'node:events';
import { type Client, createClient, isClientError, type ProblemError } from '@faultline/client';
import { DEMO_LOAD_TICK_MS, DEMO_LOAD_TIMEOUT_MS, DEMO_MAX_LOAD_IN_FLIGHT } from '../limits.js';
import type { Random } from './prng.js';
import { BASE_REQUESTS_PER_S, conditionsAt } from './schedule.js';
import { SURGE_REQUEST, shopperRequest } from './shoppers.js';

/** What the shoppers got, counted as answers arrive. */
export interface LoadTally {
  sent: number;
  ok: number;
  /** Answers by 4xx/5xx status. */
  byStatus: Record<number, number>;
  /** Requests that got no answer (refused, reset, timed out). */
  noAnswer: number;
  skipped: number;
}

/** Sends the shoppers' requests from `start` until `stop`. */
export class LoadGenerator {
  readonly tally: LoadTally = { sent: 0, ok: 0, byStatus: {}, noAnswer: 0, skipped: 0 };
  readonly #client: Client;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #last = 0;
  #due = 0;
  #surgeDue = 0;

  /**
   * @param elapsedMs the run's clock (the schedule's time axis)
   * @example const load = new LoadGenerator(storefront.url, seededRandom(1), () => performance.now() - t0);
   */
  constructor(
    private readonly target: string,
    private readonly random: Random,
    private readonly elapsedMs: () => number,
  ) {
    // One attempt and no breaker: shoppers do not retry for the storefront, they leave.
    this.#client = createClient({
      retry: false,
      breaker: false,
      budget: false,
      timeout: DEMO_LOAD_TIMEOUT_MS,
    });
    // Every request in flight listens to the one stop signal.
    setMaxListeners(DEMO_MAX_LOAD_IN_FLIGHT, this.#abort.signal);
  }

  start(): void {
    this.#last = this.elapsedMs();
    this.#timer = setInterval(() => this.#tick(), DEMO_LOAD_TICK_MS);
  }

  /** Stops sending, cancels the requests in flight and waits until each has settled. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#abort.abort();
    await Promise.allSettled([...this.#inFlight]);
  }

  #tick(): void {
    const now = this.elapsedMs();
    const seconds = (now - this.#last) / 1000;
    this.#last = now;
    this.#due += BASE_REQUESTS_PER_S * seconds;
    this.#surgeDue += conditionsAt(now).surgePerSecond * seconds;
    for (; this.#due >= 1; this.#due--) this.#send(shopperRequest(this.random));
    for (; this.#surgeDue >= 1; this.#surgeDue--) this.#send(SURGE_REQUEST);
  }

  #send(path: string): void {
    if (this.#inFlight.size >= DEMO_MAX_LOAD_IN_FLIGHT) {
      this.tally.skipped++;
      return;
    }
    this.tally.sent++;
    const call = this.#client
      .request('GET', `${this.target}${path}`, { signal: this.#abort.signal })
      .then(
        () => {
          this.tally.ok++;
        },
        (error: unknown) => {
          const code = isClientError(error) ? error.code : undefined;
          if (code === 'FL_PROBLEM') {
            const { status } = error as ProblemError;
            this.tally.byStatus[status] = (this.tally.byStatus[status] ?? 0) + 1;
          } else if (code !== 'FL_ABORTED') this.tally.noAnswer++;
        },
      )
      .finally(() => this.#inFlight.delete(call));
    this.#inFlight.add(call);
  }
}
