/**
 * Admission under CPU overload. The write queue's bounds (write-queue.ts) catch a slow store,
 * but when the collector's own CPU is the bottleneck requests wait in socket buffers and in the
 * event loop, before they reach the queue: nothing there trips, every request is accepted late,
 * and latency grows without bound (seconds at twice the max rate). Admission refuses a share of
 * NEW requests with 429 (Retry-After, X-Sentry-Rate-Limits) before their bodies are read, when
 *
 * - the loop is busy and the work already admitted needs more of it than a bound: the working
 *   requests (body received, being parsed or committed; never one still waiting on the network)
 *   divided by the completions per second the loop sustained the last time it was saturated (its
 *   capacity) estimate how long the newest one waits (Little's law, as a concurrency limit, never
 *   below ADMISSION_MIN_INFLIGHT_REQUESTS: that window may have been busy with other work). The
 *   bound is ADMISSION_SATURATED_WAIT_MS while the loop is saturated (mean event-loop utilization
 *   over ADMISSION_WINDOW_MS), so the accepted requests keep a short latency however far past
 *   its capacity the offered load is; when only the last read (or the turn running now) was busy
 *   it is the larger ADMISSION_MAX_WAIT_MS, so a burst is absorbed but the onset of an overload is
 *   met before the mean has caught up with it. A loop that is not busy refuses nothing on this
 *   count: requests that wait on the store (PostgreSQL round trips) are the commit-latency
 *   bound's business;
 * - the event loop is late (perf_hooks.monitorEventLoopDelay): long synchronous work per turn;
 * - or the oldest unacknowledged batch has waited too long (a store falling behind).
 *
 * A refusal costs a fraction of an acceptance, so the accepted requests keep a bounded latency,
 * and SDKs back off. The share is graded, 0 at a bound and 1 at twice it (as toobusy-js and
 * @faultline/server's shedder do): slightly past a bound, a few requests are refused, not all.
 * The delay counts only when it held for ADMISSION_SUSTAINED_SAMPLES reads, so a burst the queue
 * absorbs is not refused. A loop that is only waiting (on sockets, on the store) is never
 * saturated, and a timer firing a little late is not a saturated loop either: only the measured
 * utilization says so. Nothing acknowledged is affected: a refusal happens before any work on
 * the request.
 */

import { gradedShare, type LoopSource, SampleClock } from '@faultline/core';
import { EventLoopSampler } from '@faultline/core/node-load';
import { ADMISSION_RETRY_AFTER_S } from '../limits.js';
import type { IngestOptions } from './options.js';
import { overloaded } from './rate-limit.js';

export type AdmissionOptions = Pick<
  IngestOptions,
  | 'admissionEventLoopDelayMs'
  | 'admissionBusyUtilization'
  | 'admissionWindowMs'
  | 'admissionSaturatedWaitMs'
  | 'admissionMaxWaitMs'
  | 'admissionMinInflightRequests'
  | 'admissionCommitLatencyMs'
  | 'admissionSampleMs'
  | 'admissionSustainedSamples'
  | 'now'
>;

/** What admission sees now. */
export interface AdmissionState {
  /** Mean event-loop delay of the last read (ms). */
  eventLoopDelayMs: number;
  /** Mean event-loop utilization over the window, 0–1. */
  eventLoopUtilization: number;
  /** Whether that mean is at or past admissionBusyUtilization. */
  saturated: boolean;
  /** Whether the last read's utilization was, or the time since it is (once half a read long). */
  busy: boolean;
  /** Working requests: body received, not answered yet. */
  inflight: number;
  /** Requests per second the loop completed the last time it was saturated (0: not measured yet). */
  capacityPerS: number;
  /** Consecutive reads past the event-loop delay bound. */
  lateReads: number;
  /** Share of new requests refused now, 0–1. */
  share: number;
}

interface Verdict {
  share: number;
  why: string;
  /** Whether the wait bound decided it. */
  wait: boolean;
}

/** One read of the loop: its length, utilization, the requests completed during it, and whether
 * the wait bound refused any. */
interface Read {
  ms: number;
  utilization: number;
  completed: number;
  refused: boolean;
}

export class Admission {
  readonly #o: AdmissionOptions;
  readonly #commitLatency: () => number;
  readonly #source: LoopSource;
  readonly #random: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #clock: SampleClock;
  #delay = 0;
  #late = 0;
  #inflight = 0;
  #completed = 0;
  /** The reads of the last admissionWindowMs, oldest first. */
  #window: Read[] = [];
  #utilization = 0;
  #saturated = false;
  #busy = false;
  #capacityPerS = 0;
  #waitRefusals = 0;

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
    this.#source = source ?? new EventLoopSampler();
    this.#random = random;
    this.#clock = new SampleClock(options.admissionSampleMs, options.now());
    this.#timer = autoSample ? setInterval(() => this.sample(), options.admissionSampleMs) : undefined;
    this.#timer?.unref();
  }

  /** A request's body has arrived and its work starts; call `finished` once it is answered. */
  started(): void {
    this.#inflight++;
  }

  finished(): void {
    this.#inflight--;
    this.#completed++;
  }

  /** Reads the event loop since the last read (the timer calls this every admissionSampleMs). */
  sample(): void {
    const o = this.#o;
    const tick = this.#clock.tick(o.now());
    const ms = Math.max(1, tick.elapsedMs);
    const { delayMs, utilization } = this.#source.read();
    // A late timer is the stall in progress (core's SampleClock): a delay, not a utilization
    // (the utilization read saw the stall already).
    this.#delay = Math.max(delayMs, tick.lateMs);
    this.#late = this.#delay > o.admissionEventLoopDelayMs ? this.#late + 1 : 0;

    this.#busy = utilization >= o.admissionBusyUtilization;
    this.#window.push({ ms, utilization, completed: this.#completed, refused: this.#waitRefusals > 0 });
    this.#completed = 0;
    this.#waitRefusals = 0;
    while (this.#window.length > 1 && this.#span() - (this.#window[0] as Read).ms >= o.admissionWindowMs)
      this.#window.shift();
    const span = this.#span();
    let completed = 0;
    let limited = false;
    this.#utilization = 0;
    for (const r of this.#window) {
      this.#utilization += (r.ms * r.utilization) / span;
      completed += r.completed;
      limited ||= r.refused;
    }
    this.#saturated = span >= o.admissionWindowMs && this.#utilization >= o.admissionBusyUtilization;
    // The capacity is what the loop completes when its accepted work alone fills it. Once this
    // bound refuses, the loop also spends itself on refusals and takes fewer requests than it
    // could: a reading then may raise the estimate (a cold start's is low), never lower it, or
    // the limit would shrink on every read.
    if (this.#saturated && completed > 0) {
      const measured = (completed * 1000) / span;
      this.#capacityPerS = limited ? Math.max(this.#capacityPerS, measured) : measured;
    }
  }

  #span(): number {
    let span = 0;
    for (const r of this.#window) span += r.ms;
    return span;
  }

  /**
   * The last read was busy, or the time since it is, once it is half a read long: a turn that
   * runs for hundreds of ms (the work a burst brought in) is seen while it runs, not after. A
   * shorter stretch is not judged: the callback asking is itself busy loop time.
   */
  #busyNow(): boolean {
    if (this.#busy) return true;
    const { ms, utilization } = this.#source.sinceRead();
    return ms >= this.#o.admissionSampleMs / 2 && utilization >= this.#o.admissionBusyUtilization;
  }

  /** The share to refuse and why; the worst signal decides. */
  #verdict(): Verdict {
    const o = this.#o;
    let verdict: Verdict = { share: 0, why: '', wait: false };
    const consider = (share: number, why: () => string, wait = false) => {
      if (share > verdict.share) verdict = { share, why: why(), wait };
    };
    if (this.#capacityPerS > 0 && (this.#saturated || this.#busyNow())) {
      const [waitBound, name] = this.#saturated
        ? [o.admissionSaturatedWaitMs, 'ADMISSION_SATURATED_WAIT_MS']
        : [o.admissionMaxWaitMs, 'ADMISSION_MAX_WAIT_MS'];
      // Little's law: the requests the loop completes within the bound, and never fewer than
      // the floor, however slow the last saturated window was (it may have been busy with
      // something else than requests).
      const limit = Math.max(o.admissionMinInflightRequests, (this.#capacityPerS * waitBound) / 1000);
      consider(
        gradedShare(this.#inflight, limit),
        () =>
          `${this.#inflight} requests in flight need ~${Math.round((this.#inflight * 1000) / this.#capacityPerS)} ms of ${this.#saturated ? 'a saturated' : 'a busy'} event loop (${Math.round(this.#capacityPerS)}/s), past ${name} (${waitBound})`,
        true,
      );
    }
    if (this.#late >= o.admissionSustainedSamples)
      consider(
        gradedShare(this.#delay, o.admissionEventLoopDelayMs),
        () =>
          `event-loop delay ${Math.round(this.#delay)} ms is past ADMISSION_EVENT_LOOP_DELAY_MS (${o.admissionEventLoopDelayMs})`,
      );
    const latency = this.#commitLatency();
    consider(
      gradedShare(latency, o.admissionCommitLatencyMs),
      () =>
        `commit latency ${Math.round(latency)} ms is past ADMISSION_COMMIT_LATENCY_MS (${o.admissionCommitLatencyMs})`,
    );
    return verdict;
  }

  state(): AdmissionState {
    return {
      eventLoopDelayMs: this.#delay,
      eventLoopUtilization: this.#utilization,
      saturated: this.#saturated,
      busy: this.#busyNow(),
      inflight: this.#inflight,
      capacityPerS: this.#capacityPerS,
      lateReads: this.#late,
      share: this.#verdict().share,
    };
  }

  /**
   * Throws a 429 IngestRejection for the refused share of requests; called before reading a body.
   * @example ctx.admission.check()
   */
  check(): void {
    const { share, why, wait } = this.#verdict();
    if (share === 0 || this.#random() >= share) return;
    if (wait) this.#waitRefusals++;
    throw overloaded(ADMISSION_RETRY_AFTER_S, why);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#source.close();
  }
}
