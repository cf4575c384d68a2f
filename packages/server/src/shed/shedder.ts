/**
 * The load shedder: one unref'd timer reads the load every `sampleIntervalMs`, smooths it and
 * turns the worst signal into a probability (toobusy-js's graded share). While the process is
 * calm a request costs reading one boolean. Once the loop is busy (or shedding), a request also
 * costs one clock read for the turn guard (a loop turn that has already run the delay threshold
 * refuses the rest of its requests) and, while the probability is above 0, one Math.random.
 * Refused requests get a jittered Retry-After; health paths are never refused. Counters and a
 * diagnostics message per state change take the place of logs.
 */

import { performance } from 'node:perf_hooks';
import { SampleClock, TurnGuard } from '@faultline/core';
import { SHED_SETTLE_MS, SHED_SMOOTHING, SHED_TURN_GUARD_UTILIZATION } from '../limits.js';
import { type ShedState, shedChannels } from './diagnostics.js';
import { isExempt } from './exempt-paths.js';
import { LoadSampler, type LoadSource } from './load-sampler.js';
import { type LoadSignals, pressure, type SignalName, smooth } from './pressure.js';
import { retryAfterSeconds } from './retry-after.js';
import type { ResolvedShedOptions } from './shed-options.js';

export interface ShedStats extends LoadSignals {
  state: ShedState;
  /** Share of new requests refused now, 0–1. */
  probability: number;
  /** The worst signal past its threshold, if any. */
  signal: SignalName | undefined;
  /** Requests refused since the shedder started. */
  shed: number;
  /** Requests that drew a refusal but were let through because their path is exempt. */
  exempted: number;
}

export interface ShedderDeps {
  /** Where the load is read; tests pass their own. Default: the process's own load. */
  source?: LoadSource;
  /** Start the sampling timer (tests drive `sample()` by hand). Default true. */
  timer?: boolean;
  random?: () => number;
  /** The clock of the turn guard. Default performance.now. */
  now?: () => number;
  /** Runs a function once the current loop turn's I/O is done. Default setImmediate. */
  defer?: (fn: () => void) => void;
}

export class Shedder {
  #probability = 0;
  /** Set by the sampler: the loop is busy enough, or shedding, for requests to be checked. */
  #armed = false;
  readonly #turn: TurnGuard | undefined;
  readonly #options: ResolvedShedOptions;
  readonly #source: LoadSource;
  readonly #random: () => number;
  readonly #signals: LoadSignals;
  #signal: SignalName | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #clock: SampleClock;
  #lastSampleAt: number;
  #sampled = false;
  #state: ShedState = 'ok';
  #episodeStart = 0;
  #episodeShed = 0;
  #shedAtLastSample = 0;
  #lastPressureAt = 0;
  #shed = 0;
  #exempted = 0;

  constructor(options: ResolvedShedOptions, deps: ShedderDeps = {}) {
    this.#options = options;
    this.#source = deps.source ?? new LoadSampler();
    this.#random = deps.random ?? Math.random;
    if (options.maxEventLoopDelayMs !== undefined) {
      this.#turn = new TurnGuard(
        options.maxEventLoopDelayMs,
        deps.now ?? (() => performance.now()),
        deps.defer ?? ((fn) => setImmediate(fn)),
      );
    }
    this.#lastSampleAt = performance.now();
    this.#clock = new SampleClock(options.sampleIntervalMs, this.#lastSampleAt);
    // The heap needs no window: a process that starts past its heap threshold sheds at once.
    this.#signals = {
      eventLoopDelayMs: 0,
      eventLoopUtilization: 0,
      heapUsedBytes: this.#source.heapUsedBytes(),
    };
    this.#evaluate(this.#lastSampleAt);
    if (deps.timer !== false) {
      this.#timer = setInterval(() => this.sample(), options.sampleIntervalMs);
      this.#timer.unref();
    }
  }

  /** Share of new requests refused now, 0–1: read on every request; 0 admits without a random draw. */
  get probability(): number {
    return this.#probability;
  }

  /** Reads the load once and updates the probability (the timer calls it). */
  sample(now = performance.now()): void {
    const { lateMs } = this.#clock.tick(now);
    this.#lastSampleAt = now;
    const raw = this.#source.read(lateMs);
    const s = this.#signals;
    if (!this.#sampled) {
      // The first window covers the rest of the application's start (imports, route setup):
      // busy, but no request is waiting yet. It only sets the baselines.
      this.#sampled = true;
      s.heapUsedBytes = raw.heapUsedBytes;
      this.#evaluate(now);
      return;
    }
    s.eventLoopDelayMs = smooth(s.eventLoopDelayMs, raw.eventLoopDelayMs, SHED_SMOOTHING);
    s.eventLoopUtilization = smooth(s.eventLoopUtilization, raw.eventLoopUtilization, SHED_SMOOTHING);
    s.heapUsedBytes = raw.heapUsedBytes;
    this.#evaluate(now);
    // The last window unsmoothed: the guard must be on by the time a load step fills a turn.
    this.#armed ||= raw.eventLoopUtilization >= SHED_TURN_GUARD_UTILIZATION;
  }

  /**
   * Decides for one request: undefined admits it, a number refuses it and is the Retry-After
   * in seconds. `url` is the request URL (path and query, or absolute).
   */
  decide(url: string): number | undefined {
    if (!this.#armed) return undefined;
    let jitter: number;
    if (this.#turn?.over()) {
      jitter = this.#random();
    } else {
      const p = this.#probability;
      if (p === 0) return undefined;
      const u = this.#random();
      if (u >= p) return undefined;
      // Given u < p, u / p is uniform in [0, 1): the same draw also jitters the Retry-After.
      jitter = u / p;
    }
    if (isExempt(url, this.#options.exemptPaths)) {
      this.#exempted++;
      return undefined;
    }
    if (this.#state === 'ok') {
      // The turn guard refused before any smoothed signal passed its threshold.
      this.#signal ??= 'eventLoopDelayMs';
      this.#enterShedding(this.#lastSampleAt);
    }
    this.#shed++;
    this.#episodeShed++;
    return retryAfterSeconds(jitter, this.#options.retryAfterMinSeconds, this.#options.retryAfterMaxSeconds);
  }

  stats(): ShedStats {
    return {
      state: this.#state,
      probability: this.probability,
      signal: this.#signal,
      ...this.#signals,
      shed: this.#shed,
      exempted: this.#exempted,
    };
  }

  /** Stops sampling; from then on every request is admitted. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#source.close();
    this.#probability = 0;
    this.#armed = false;
  }

  #evaluate(now: number): void {
    const { probability, signal } = pressure(this.#signals, this.#options);
    this.#probability = probability;
    this.#signal = signal;
    this.#armed = this.#probability > 0;
    if (this.#probability > 0) {
      this.#lastPressureAt = now;
      if (this.#state === 'ok') this.#enterShedding(now);
    } else if (this.#state === 'shedding' && this.#episodeShed > this.#shedAtLastSample) {
      // The turn guard refused requests since the last sample: still shedding.
      this.#lastPressureAt = now;
    } else if (this.#state === 'shedding' && now - this.#lastPressureAt >= SHED_SETTLE_MS) {
      this.#state = 'ok';
      this.#publish({ shed: this.#episodeShed, durationMs: Math.round(now - this.#episodeStart) });
    }
    this.#shedAtLastSample = this.#episodeShed;
  }

  #enterShedding(now: number): void {
    this.#state = 'shedding';
    this.#episodeStart = now;
    this.#episodeShed = 0;
    this.#shedAtLastSample = 0;
    this.#lastPressureAt = now;
    this.#publish({});
  }

  #publish(extra: { shed?: number; durationMs?: number }): void {
    if (!shedChannels.state.hasSubscribers) return;
    shedChannels.state.publish({
      state: this.#state,
      probability: this.probability,
      signal: this.#signal,
      ...this.#signals,
      ...extra,
    });
  }
}
