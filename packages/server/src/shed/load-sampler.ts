/**
 * Reads the raw load of this thread: event-loop delay (perf_hooks.monitorEventLoopDelay),
 * event-loop utilization (performance.eventLoopUtilization) and V8 heap in use. Each read
 * covers the time since the previous one.
 */

import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { SHED_HISTOGRAM_RESOLUTION_MS } from '../limits.js';
import type { LoadSignals } from './pressure.js';

const NS_PER_MS = 1e6;

/** Where the signals come from; tests drive the shedder with their own. */
export interface LoadSource {
  /** The load since the previous call; `lateMs` is how late the caller's own timer fired. */
  read(lateMs: number): LoadSignals;
  /** V8 heap in use now (cheap, no window). */
  heapUsedBytes(): number;
  close(): void;
}

export class LoadSampler implements LoadSource {
  readonly #histogram: IntervalHistogram;
  #elu: EventLoopUtilization;
  #count = 0;
  #sumNs = 0;

  constructor() {
    this.#histogram = monitorEventLoopDelay({ resolution: SHED_HISTOGRAM_RESOLUTION_MS });
    this.#histogram.enable();
    this.#elu = performance.eventLoopUtilization();
  }

  read(lateMs: number): LoadSignals {
    return {
      eventLoopDelayMs: Math.max(this.#windowDelayMs(), lateMs, 0),
      eventLoopUtilization: this.#windowUtilization(),
      heapUsedBytes: this.heapUsedBytes(),
    };
  }

  heapUsedBytes(): number {
    return getHeapStatistics().used_heap_size;
  }

  close(): void {
    this.#histogram.disable();
  }

  // The histogram is never reset: reset() also forgets when its timer last fired, so the stall
  // in progress at that moment would never be recorded (under-pressure resets every sample).
  // The window's mean comes from the running count and mean instead, which the histogram keeps
  // per bucket, so the difference is exact to its precision however long the process runs.
  #windowDelayMs(): number {
    const count = this.#histogram.count;
    // The mean of an empty histogram is NaN.
    const sumNs = count === 0 ? 0 : this.#histogram.mean * count;
    const n = count - this.#count;
    const windowSumNs = sumNs - this.#sumNs;
    this.#count = count;
    this.#sumNs = sumNs;
    if (n <= 0) return 0;
    // Each record is the time between two ticks of a timer set to the resolution: the delay
    // is what exceeds it.
    return windowSumNs / n / NS_PER_MS - SHED_HISTOGRAM_RESOLUTION_MS;
  }

  #windowUtilization(): number {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, this.#elu);
    this.#elu = now;
    return Number.isFinite(utilization) ? utilization : 0;
  }
}
