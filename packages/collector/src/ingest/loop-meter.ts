/** What admission reads from the process every ADMISSION_SAMPLE_MS: the event loop's delay and utilization. */

import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from 'node:perf_hooks';
import { ADMISSION_HISTOGRAM_RESOLUTION_MS } from '../limits.js';

const NS_PER_MS = 1e6;

/** The event loop since the previous read. */
export interface LoopReading {
  /** Mean event-loop delay, ms. */
  delayMs: number;
  /** Event-loop utilization, 0–1: the share of the time the loop was not waiting for I/O. */
  utilization: number;
}

export interface LoopSource {
  read(): LoopReading;
  /** Utilization since the last read, up to now (the turn in progress included), and over how long. */
  sinceRead(): { ms: number; utilization: number };
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

  sinceRead(): { ms: number; utilization: number } {
    const { active, idle, utilization } = performance.eventLoopUtilization(
      performance.eventLoopUtilization(),
      this.#elu,
    );
    return { ms: active + idle, utilization: Number.isFinite(utilization) ? utilization : 0 };
  }

  close(): void {
    this.#histogram.disable();
  }
}
