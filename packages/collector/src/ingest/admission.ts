/**
 * Admission under CPU overload. The write queue's bounds (write-queue.ts) catch a slow store,
 * but when the collector's own CPU is the bottleneck requests wait in socket buffers and in the
 * event loop, before they reach the queue: nothing there trips, every request is accepted late,
 * and latency grows without bound (seconds at twice the max rate). Admission refuses a share of
 * NEW requests with 429 (Retry-After, X-Sentry-Rate-Limits) before their bodies are read, when
 *
 * - the event loop is late (perf_hooks.monitorEventLoopDelay): long synchronous work per turn;
 * - the loop is saturated (event-loop utilization) while more requests are in flight than
 *   ADMISSION_INFLIGHT_REQUESTS: a busy loop does not show as delay when each turn is short
 *   (a 5 KB event's steps are), but every request then waits for all the others;
 * - or the oldest unacknowledged batch has waited too long (a store falling behind).
 *
 * A refusal costs a fraction of an acceptance, so the accepted requests keep a bounded latency,
 * and SDKs back off. The share is graded, 0 at a bound and 1 at twice it (as toobusy-js and
 * @faultline/server's shedder do): slightly past a bound, a few requests are refused, not all.
 * The delay counts only when it held for ADMISSION_SUSTAINED_SAMPLES reads, so a burst the queue
 * absorbs is not refused; the in-flight count needs no such wait (requests pile up only when the
 * loop stays saturated), and reacting within one read keeps the backlog of the onset small.
 * Nothing acknowledged is affected: a refusal happens before any work on the request.
 */

import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from 'node:perf_hooks';
import { ADMISSION_HISTOGRAM_RESOLUTION_MS, ADMISSION_RETRY_AFTER_S } from '../limits.js';
import type { IngestOptions } from './options.js';
import { overloaded } from './rate-limit.js';

const NS_PER_MS = 1e6;

/** The event loop since the previous read. */
export interface LoopReading {
  /** Mean event-loop delay, ms. */
  delayMs: number;
  /** Event-loop utilization, 0–1. */
  utilization: number;
}

export interface LoopSource {
  read(): LoopReading;
  close(): void;
}

/**
 * The process's event loop. The delay histogram is never reset (reset also forgets when its
 * timer last fired, so a stall in progress would go unrecorded); each read takes the mean of
 * the records added since the previous one, from the running count and mean.
 * @example const meter = new LoopMeter(); setInterval(() => console.log(meter.read()), 100)
 */
export class LoopMeter implements LoopSource {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({
    resolution: ADMISSION_HISTOGRAM_RESOLUTION_MS,
  });
  #count = 0;
  #sumNs = 0;
  #elu: EventLoopUtilization = performance.eventLoopUtilization();

  constructor() {
    this.#histogram.enable();
  }

  read(): LoopReading {
    const count = this.#histogram.count;
    const sumNs = count === 0 ? 0 : this.#histogram.mean * count; // an empty histogram's mean is NaN
    const n = count - this.#count;
    const windowNs = sumNs - this.#sumNs;
    this.#count = count;
    this.#sumNs = sumNs;
    const elu = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(elu, this.#elu);
    this.#elu = elu;
    return {
      // Each record is the interval between two ticks of a timer set to the resolution.
      delayMs: n > 0 ? Math.max(0, windowNs / n / NS_PER_MS - ADMISSION_HISTOGRAM_RESOLUTION_MS) : 0,
      utilization: Number.isFinite(utilization) ? utilization : 0,
    };
  }

  close(): void {
    this.#histogram.disable();
  }
}

/**
 * 0 at or below `bound`, 1 at twice it, linear between.
 * @example graded(75, 50) // 0.5
 */
export function graded(value: number, bound: number): number {
  if (!(value > bound)) return 0;
  return Math.min(1, (value - bound) / bound);
}

export type AdmissionOptions = Pick<
  IngestOptions,
  | 'admissionEventLoopDelayMs'
  | 'admissionBusyUtilization'
  | 'admissionInflightRequests'
  | 'admissionCommitLatencyMs'
  | 'admissionSampleMs'
  | 'admissionSustainedSamples'
  | 'now'
>;

/** What admission sees now. */
export interface AdmissionState {
  /** Mean event-loop delay of the last read (ms). */
  eventLoopDelayMs: number;
  /** Event-loop utilization of the last read, 0–1. */
  eventLoopUtilization: number;
  /** Requests started and not answered yet. */
  inflight: number;
  /** Consecutive reads past the event-loop delay bound, and at or past the busy utilization. */
  lateReads: number;
  busyReads: number;
  /** Share of new requests refused now, 0–1. */
  share: number;
}

interface Verdict {
  share: number;
  why: string;
}

export class Admission {
  readonly #o: AdmissionOptions;
  readonly #commitLatency: () => number;
  readonly #source: LoopSource;
  readonly #random: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  #lastSample: number;
  #delay = 0;
  #utilization = 0;
  #late = 0;
  #busy = 0;
  #inflight = 0;

  /**
   * @param commitLatency age of the oldest unacknowledged batch (ms), e.g. `() => queue.latency()`
   * @param source the event loop; tests pass their own, with `autoSample: false`
   */
  constructor(
    options: AdmissionOptions,
    commitLatency: () => number,
    {
      source,
      random = Math.random,
      autoSample = true,
    }: { source?: LoopSource; random?: () => number; autoSample?: boolean } = {},
  ) {
    this.#o = options;
    this.#commitLatency = commitLatency;
    this.#source = source ?? new LoopMeter();
    this.#random = random;
    this.#lastSample = options.now();
    this.#timer = autoSample ? setInterval(() => this.sample(), options.admissionSampleMs) : undefined;
    this.#timer?.unref();
  }

  /** A request started; call `finished` once it is answered, whatever the answer. */
  started(): void {
    this.#inflight++;
  }

  finished(): void {
    this.#inflight--;
  }

  /** Reads the event loop since the last read (the timer calls this every admissionSampleMs). */
  sample(): void {
    const now = this.#o.now();
    // A timer that fires late measures the stall in progress, which the histogram records only
    // once it is over; the loop was busy all that time.
    const late = Math.max(0, now - this.#lastSample - this.#o.admissionSampleMs);
    this.#lastSample = now;
    const { delayMs, utilization } = this.#source.read();
    this.#delay = Math.max(delayMs, late);
    this.#utilization = late > 0 ? 1 : utilization;
    this.#late = this.#delay > this.#o.admissionEventLoopDelayMs ? this.#late + 1 : 0;
    this.#busy = this.#utilization >= this.#o.admissionBusyUtilization ? this.#busy + 1 : 0;
  }

  /** The share to refuse and why; the worst signal decides. */
  #verdict(): Verdict {
    const o = this.#o;
    let verdict: Verdict = { share: 0, why: '' };
    const consider = (share: number, why: () => string) => {
      if (share > verdict.share) verdict = { share, why: why() };
    };
    if (this.#late >= o.admissionSustainedSamples)
      consider(
        graded(this.#delay, o.admissionEventLoopDelayMs),
        () =>
          `event-loop delay ${Math.round(this.#delay)} ms is past ADMISSION_EVENT_LOOP_DELAY_MS (${o.admissionEventLoopDelayMs})`,
      );
    // Requests pile up only while the loop is saturated, so this one holds already.
    if (this.#busy > 0)
      consider(
        graded(this.#inflight, o.admissionInflightRequests),
        () =>
          `the event loop is saturated with ${this.#inflight} requests in flight, past ADMISSION_INFLIGHT_REQUESTS (${o.admissionInflightRequests})`,
      );
    const latency = this.#commitLatency();
    consider(
      graded(latency, o.admissionCommitLatencyMs),
      () =>
        `commit latency ${Math.round(latency)} ms is past ADMISSION_COMMIT_LATENCY_MS (${o.admissionCommitLatencyMs})`,
    );
    return verdict;
  }

  state(): AdmissionState {
    return {
      eventLoopDelayMs: this.#delay,
      eventLoopUtilization: this.#utilization,
      inflight: this.#inflight,
      lateReads: this.#late,
      busyReads: this.#busy,
      share: this.#verdict().share,
    };
  }

  /**
   * Throws a 429 IngestRejection for the refused share of requests; called before reading a body.
   * @example ctx.admission.check()
   */
  check(): void {
    const { share, why } = this.#verdict();
    if (share === 0 || this.#random() >= share) return;
    throw overloaded(ADMISSION_RETRY_AFTER_S, why);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#source.close();
  }
}
