/**
 * Admission under CPU overload. The write queue's bounds (write-queue.ts) catch a slow store,
 * but when the collector's own CPU is the bottleneck requests wait in socket buffers and in the
 * event loop, before they reach the queue: nothing there trips, every request is accepted late,
 * and latency grows without bound (seconds at twice the max rate). Admission refuses NEW
 * requests with 429 (Retry-After, X-Sentry-Rate-Limits) before anything of them is read but
 * their headers (handler.ts calls it first), when
 *
 * - the loop falls behind: the admitted rate (admitted-rate.ts) is limited to the capacity on the
 *   first busy read that fell behind with admitted work piling up, cut to ADMISSION_RATE_DECREASE
 *   of what was admitted during each such read once the loop has been saturated for a window,
 *   raised by ADMISSION_RATE_INCREASE of the capacity on each read with time to spare, and released
 *   once past the capacity. A refusal still costs the loop (reading and answering the request: ~a
 *   tenth of a small event's work), so at an offered load of k times the capacity the loop keeps up
 *   only if it accepts less than the capacity, at most (1 − k·r)/(1 − r) of it for a refusal cost
 *   r; a loop that accepts its whole capacity stays saturated, reads its sockets later and later,
 *   and the backlog grows outside the process, where no bound sees it. Keeping the loop below
 *   saturation keeps every socket read promptly, so the accepted requests keep the latency of a
 *   loaded, not an overloaded, collector;
 * - the loop is busy and the work already admitted needs more of it than a bound: the working
 *   requests (body received, being parsed or committed; never one still waiting on the network)
 *   divided by the loop's capacity (loop-reads.ts: measured at any load, from what each busy second
 *   of the loop completes, so it is known before the first overload) estimate how long the newest
 *   one waits (Little's law, as a concurrency limit, never below ADMISSION_MIN_INFLIGHT_REQUESTS:
 *   that window may have been busy with other work). The bound is ADMISSION_SATURATED_WAIT_MS while
 *   the loop is saturated, and the larger ADMISSION_MAX_WAIT_MS when only the last read (or the
 *   turn running now) was busy, so a burst is absorbed but the onset of an overload is met before
 *   the mean has caught up with it. A loop that is not busy refuses nothing on this count: requests
 *   that wait on the store (PostgreSQL round trips) are the commit-latency bound's;
 * - the event loop is late (core's event-loop sampler): long synchronous work per turn;
 * - or the oldest unacknowledged batch has waited too long (a store falling behind).
 *
 * The last three refuse a graded share, 0 at a bound and 1 at twice it (core's gradedShare, as
 * @faultline/server's shedder): slightly past a bound, a few requests are refused, not all. The
 * delay counts only when it held for ADMISSION_SUSTAINED_SAMPLES reads, so a burst the queue
 * absorbs is not refused. A loop that is only waiting (on sockets, on the store) is never
 * saturated, and a timer firing a little late is not a saturated loop either: only the measured
 * utilization says so. SDKs honour the Retry-After (they send nothing of any category until
 * then), so every refusal also takes its sender's load away for that long; it is drawn per
 * refusal between ADMISSION_MIN_RETRY_AFTER_S and ADMISSION_MAX_RETRY_AFTER_S, so the senders
 * refused together come back spread over seconds, not as one wave. Nothing acknowledged is
 * affected: a refusal happens before any work on the request.
 */

import { gradedShare, type LoopSource, SampleClock } from '@faultline/core';
import { EventLoopSampler } from '@faultline/core/node-load';
import {
  ADMISSION_MAX_RETRY_AFTER_S,
  ADMISSION_MIN_MEASURED_REQUESTS,
  ADMISSION_MIN_RETRY_AFTER_S,
} from '../limits.js';
import { AdmittedRate, type RateRead } from './admitted-rate.js';
import { LoopReads } from './loop-reads.js';
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
  | 'admissionTargetDelayMs'
  | 'admissionRateDecrease'
  | 'admissionRateIncrease'
  | 'admissionRateFloor'
  | 'admissionDemandExcess'
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
  /** Requests per second the loop completes when full (loop-reads.ts; 0: not measured yet). */
  capacityPerS: number;
  /** The admitted rate's limit, requests per second (Infinity: none), and the share of arriving
   * requests it lets in now. */
  admittedRatePerS: number;
  admittedShare: number;
  /** Consecutive reads past the event-loop delay bound. */
  lateReads: number;
  /** Share of new requests the graded bounds refuse now, 0–1 (the admitted rate aside). */
  share: number;
}

interface Verdict {
  share: number;
  why: string;
  /** Whether the wait bound decided it. */
  wait: boolean;
}

export class Admission {
  readonly #o: AdmissionOptions;
  readonly #commitLatency: () => number;
  readonly #source: LoopSource;
  readonly #random: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #clock: SampleClock;
  readonly #reads: LoopReads;
  readonly #rate = new AdmittedRate();
  #delay = 0;
  #late = 0;
  #inflight = 0;
  /** The most working requests at once since the last read. */
  #peakInflight = 0;
  #completed = 0;
  #busy = false;
  #waitRefusals = 0;
  #rateRefusals = 0;
  /** The mean delay of the read that last cut the admitted rate, ms. */
  #behindDelay = 0;
  /** Whether the last read's arrivals passed admissionDemandExcess times its completions. */
  #askedMore = false;

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
    this.#reads = new LoopReads({
      windowMs: options.admissionWindowMs,
      busyUtilization: options.admissionBusyUtilization,
      minMeasuredRequests: ADMISSION_MIN_MEASURED_REQUESTS,
    });
    this.#timer = autoSample ? setInterval(() => this.sample(), options.admissionSampleMs) : undefined;
    this.#timer?.unref();
  }

  readonly #idle: (() => void)[] = [];

  /** A request's body has arrived and its work starts; call `finished` once it is answered. */
  started(): void {
    this.#inflight++;
    this.#peakInflight = Math.max(this.#peakInflight, this.#inflight);
  }

  finished(): void {
    this.#inflight--;
    this.#completed++;
    if (this.#inflight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Resolves once no request is working (at once when none is): shutdown lets them finish. */
  idle(): Promise<void> {
    if (this.#inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
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
    this.#reads.add({
      ms,
      utilization,
      completed: this.#completed,
      refused: this.#waitRefusals + this.#rateRefusals > 0,
    });
    const completedPerS = (this.#completed * 1000) / ms;
    this.#completed = 0;
    this.#waitRefusals = 0;
    this.#rateRefusals = 0;
    const read = this.#rate.endRead(ms);
    this.#askedMore = read.arrivedPerS > o.admissionDemandExcess * completedPerS;
    this.#steer(delayMs, completedPerS, read);
    this.#peakInflight = this.#inflight;
  }

  /**
   * Moves the admitted rate. A busy read whose delay is past admissionTargetDelayMs fell behind:
   * requests waited for the loop, and more of them wait unseen in the sockets, so the limit falls
   * to admissionRateDecrease of what was admitted during it. A read with a delay under half the
   * target had time to spare: the limit rises by admissionRateIncrease of the capacity, and goes
   * once it passes the capacity (the Little's-law bound covers that much). Between the two, it
   * holds. It falls only while admitted work piles up (ADMISSION_MIN_INFLIGHT_REQUESTS working
   * requests at once during the read): a loop slowed by something else (a thousand connections
   * opening, other processes on a shared machine) is not one that admitting less would help, and
   * a few SDKs sending at once are always served. And it is first cut only when more is asked
   * than served (arrivals past admissionDemandExcess times the completions): a closed loop at its
   * max asks what it is served, however long its group commits block the loop. Once cut, the
   * arrivals include the refused, so that test would say nothing more.
   */
  #steer(meanDelayMs: number, completedPerS: number, { arrivedPerS, admittedPerS }: RateRead): void {
    const o = this.#o;
    const rate = this.#rate;
    const capacity = this.#reads.capacityPerS;
    if (capacity === 0) return;
    // The histogram's mean, not the sampling timer's lateness: one long turn (a large group
    // commit) makes the timer late without the loop falling behind.
    const behind =
      this.#busy &&
      meanDelayMs >= o.admissionTargetDelayMs &&
      this.#peakInflight >= o.admissionMinInflightRequests;
    const asksMore = arrivedPerS > o.admissionDemandExcess * completedPerS;
    // The first read behind limits admission to the capacity at once: at the onset of an
    // overload the loop admitted up to twice what it completes, and cutting a tenth per read
    // took most of a second to get under the capacity, the backlog of that second making the
    // accepted p99. That limit refuses nothing of what a loop that keeps up is asked (arrivals
    // under its capacity), so one busy read (a GC pause, a long commit) costs nothing; the
    // multiplicative cuts wait for a saturated window. Every cut needs more asked than served
    // (the refused count as asked): SDKs that each wait for their answer (a closed loop) ask
    // what they are served, so a cut would only idle them, and a limit they do not pass rises
    // again.
    if (behind && asksMore) {
      this.#behindDelay = meanDelayMs;
      const cut =
        rate.limited || this.#reads.saturated
          ? o.admissionRateDecrease * Math.min(rate.perS, admittedPerS)
          : Number.POSITIVE_INFINITY;
      rate.limit(Math.max(o.admissionRateFloor * capacity, Math.min(capacity, cut)));
    } else if (rate.limited && (meanDelayMs < o.admissionTargetDelayMs / 2 || !asksMore)) {
      const raised = rate.perS + o.admissionRateIncrease * capacity;
      rate.limit(raised > capacity ? Number.POSITIVE_INFINITY : raised);
    }
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

  /**
   * More is asked than served: the last read's arrivals passed admissionDemandExcess times its
   * completions, or those of the read in progress already do. Work waiting on a loop that keeps
   * up with what it is asked (SDKs each waiting for their answer) is a queue that does not grow:
   * refusing some of it only idles their senders for the Retry-After.
   */
  #asksMore(): boolean {
    if (this.#askedMore) return true;
    const arrived = this.#rate.arrivedSinceRead;
    return (
      arrived >= this.#o.admissionMinInflightRequests &&
      arrived > this.#o.admissionDemandExcess * this.#completed
    );
  }

  /** The share to refuse and why; the worst signal decides. */
  #verdict(): Verdict {
    const o = this.#o;
    let verdict: Verdict = { share: 0, why: '', wait: false };
    const consider = (share: number, why: () => string, wait = false) => {
      if (share > verdict.share) verdict = { share, why: why(), wait };
    };
    const capacity = this.#reads.capacityPerS;
    const saturated = this.#reads.saturated;
    if (capacity > 0 && this.#asksMore() && (saturated || this.#busyNow())) {
      const [waitBound, name] = saturated
        ? [o.admissionSaturatedWaitMs, 'ADMISSION_SATURATED_WAIT_MS']
        : [o.admissionMaxWaitMs, 'ADMISSION_MAX_WAIT_MS'];
      // Little's law: the requests the loop completes within the bound, and never fewer than
      // the floor, however slow the last saturated window was (it may have been busy with
      // something else than requests).
      const limit = Math.max(o.admissionMinInflightRequests, (capacity * waitBound) / 1000);
      consider(
        gradedShare(this.#inflight, limit),
        () =>
          `${this.#inflight} requests in flight need ~${Math.round((this.#inflight * 1000) / capacity)} ms of ${saturated ? 'a saturated' : 'a busy'} event loop (${Math.round(capacity)}/s), past ${name} (${waitBound})`,
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
      eventLoopUtilization: this.#reads.utilization,
      saturated: this.#reads.saturated,
      busy: this.#busyNow(),
      inflight: this.#inflight,
      capacityPerS: this.#reads.capacityPerS,
      admittedRatePerS: this.#rate.perS,
      admittedShare: this.#rate.share,
      lateReads: this.#late,
      share: this.#verdict().share,
    };
  }

  /**
   * Throws a 429 IngestRejection for a refused request; called before anything of it is read but
   * its headers.
   * @example ctx.admission.check()
   */
  check(): void {
    const { share, why, wait } = this.#verdict();
    if (share > 0 && this.#random() < share) {
      if (wait) this.#waitRefusals++;
      this.#rate.arrived();
      throw overloaded(this.#retryAfterS(), why);
    }
    if (!this.#rate.take(this.#random())) {
      this.#rateRefusals++;
      const rate = this.#rate;
      throw overloaded(
        this.#retryAfterS(),
        `event-loop delay ${Math.round(this.#behindDelay)} ms passed ADMISSION_TARGET_DELAY_MS (${this.#o.admissionTargetDelayMs}): admitting ~${Math.round(rate.perS)} of ~${Math.round(rate.arrivedPerS)} requests/s`,
      );
    }
  }

  /**
   * A refusal's Retry-After, a fresh draw each time: with one value, the senders refused in the
   * same moment (an overload's onset refuses hundreds within a read) all came back together one
   * Retry-After later, a wave the loop met as a second onset (bench: the accepted p99 was made
   * in those waves).
   */
  #retryAfterS(): number {
    const span = ADMISSION_MAX_RETRY_AFTER_S - ADMISSION_MIN_RETRY_AFTER_S + 1;
    return ADMISSION_MIN_RETRY_AFTER_S + Math.min(span - 1, Math.floor(this.#random() * span));
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#source.close();
  }
}
