/**
 * `@faultline/core/node-load`: the one Node sampler of the event loop that both load-shedding
 * policies read (the server's shedder, the collector's admission). A subpath of its own because
 * it imports `node:perf_hooks`, and core's main entry runs anywhere (browsers, edge runtimes).
 */

import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { EVENT_LOOP_HISTOGRAM_RESOLUTION_MS } from './limits.js';
import {
  type LoopReading,
  type LoopSinceRead,
  type LoopSource,
  type LoopTotals,
  LoopWindow,
} from './load/loop-window.js';

/**
 * This thread's event loop: delay (perf_hooks.monitorEventLoopDelay) and utilization
 * (performance.eventLoopUtilization), each read covering the time since the previous one.
 * @example
 * const loop = new EventLoopSampler();
 * setInterval(() => console.log(loop.read()), 100).unref(); // { delayMs, utilization }
 */
export class EventLoopSampler implements LoopSource {
  readonly #histogram: IntervalHistogram;
  readonly #window: LoopWindow;

  constructor(resolutionMs = EVENT_LOOP_HISTOGRAM_RESOLUTION_MS) {
    this.#histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#histogram.enable();
    this.#window = new LoopWindow(resolutionMs, this.#totals());
  }

  read(): LoopReading {
    return this.#window.next(this.#totals());
  }

  sinceRead(): LoopSinceRead {
    return this.#window.since(this.#totals());
  }

  close(): void {
    this.#histogram.disable();
  }

  #totals(): LoopTotals {
    const { active, idle } = performance.eventLoopUtilization();
    return {
      delayCount: this.#histogram.count,
      delayMeanNs: this.#histogram.mean,
      activeMs: active,
      idleMs: idle,
    };
  }
}

export type { LoopReading, LoopSinceRead, LoopSource } from './load/loop-window.js';
