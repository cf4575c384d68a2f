/**
 * The event loop over a window, from the running totals a sampler reads: the delay histogram's
 * record count and mean, and the loop's active and idle time (what perf_hooks'
 * monitorEventLoopDelay and performance.eventLoopUtilization keep). Pure: the Node sampler
 * (`@faultline/core/node-load`) reads the totals, and tests pass their own.
 *
 * The histogram is never reset: reset() also forgets when its timer last fired, so the stall in
 * progress at that moment would never be recorded (under-pressure resets every sample). A
 * window's mean comes from the difference of the running count and mean instead, which is exact
 * to the histogram's precision however long the process runs.
 */

const NS_PER_MS = 1e6;

/** Running totals since the sampler started. */
export interface LoopTotals {
  /** Records in the delay histogram, and their mean (ns; NaN while there are none). */
  delayCount: number;
  delayMeanNs: number;
  /** Time the loop spent running callbacks, and waiting for I/O, ms. */
  activeMs: number;
  idleMs: number;
}

/** The event loop since the previous read. */
export interface LoopReading {
  /** Mean event-loop delay, ms: how late the histogram's timer fired, on average. */
  delayMs: number;
  /** Event-loop utilization, 0–1: the share of the time the loop was not waiting for I/O. */
  utilization: number;
}

/** The loop from the last read up to now, the callback running now included. */
export interface LoopSinceRead {
  ms: number;
  utilization: number;
}

/** Where a policy reads the loop; the Node sampler is one, tests script their own. */
export interface LoopSource {
  /** The loop since the previous read, and starts the next window. */
  read(): LoopReading;
  /** Utilization since the last read, up to now, without starting a new window. */
  sinceRead(): LoopSinceRead;
  close(): void;
}

function utilization(activeMs: number, idleMs: number): number {
  const u = activeMs / (activeMs + idleMs);
  return Number.isFinite(u) ? u : 0;
}

/**
 * @example
 * const w = new LoopWindow(10, { delayCount: 0, delayMeanNs: Number.NaN, activeMs: 0, idleMs: 0 });
 * w.next({ delayCount: 10, delayMeanNs: 12e6, activeMs: 60, idleMs: 40 });
 * // → { delayMs: 2, utilization: 0.6 }: timers set to 10 ms fired after 12 on average
 */
export class LoopWindow {
  readonly #resolutionMs: number;
  #count: number;
  #sumNs: number;
  #activeMs: number;
  #idleMs: number;

  /** @param resolutionMs the histogram timer's period: each record is one period plus the delay */
  constructor(resolutionMs: number, start: LoopTotals) {
    this.#resolutionMs = resolutionMs;
    this.#count = start.delayCount;
    this.#sumNs = sumNs(start);
    this.#activeMs = start.activeMs;
    this.#idleMs = start.idleMs;
  }

  next(totals: LoopTotals): LoopReading {
    const sum = sumNs(totals);
    const n = totals.delayCount - this.#count;
    const windowNs = sum - this.#sumNs;
    const u = utilization(totals.activeMs - this.#activeMs, totals.idleMs - this.#idleMs);
    this.#count = totals.delayCount;
    this.#sumNs = sum;
    this.#activeMs = totals.activeMs;
    this.#idleMs = totals.idleMs;
    return {
      delayMs: n > 0 ? Math.max(0, windowNs / n / NS_PER_MS - this.#resolutionMs) : 0,
      utilization: u,
    };
  }

  since(totals: LoopTotals): LoopSinceRead {
    const active = totals.activeMs - this.#activeMs;
    const idle = totals.idleMs - this.#idleMs;
    return { ms: active + idle, utilization: utilization(active, idle) };
  }
}

function sumNs(t: LoopTotals): number {
  return t.delayCount === 0 ? 0 : t.delayMeanNs * t.delayCount;
}
