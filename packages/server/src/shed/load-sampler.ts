/**
 * What the shedder measures: the event loop (core's one Node sampler) and the V8 heap in use.
 * Each read covers the time since the previous one.
 */

import { getHeapStatistics } from 'node:v8';
import { EventLoopSampler } from '@faultline/core/node-load';
import type { LoadSignals } from './pressure.js';

/** Where the signals come from; tests drive the shedder with their own. */
export interface LoadSource {
  /** The load since the previous call; `lateMs` is how late the caller's own timer fired. */
  read(lateMs: number): LoadSignals;
  /** V8 heap in use now (cheap, no window). */
  heapUsedBytes(): number;
  close(): void;
}

export class LoadSampler implements LoadSource {
  readonly #loop = new EventLoopSampler();

  read(lateMs: number): LoadSignals {
    const { delayMs, utilization } = this.#loop.read();
    return {
      // A late sampling timer is the stall in progress (core's SampleClock).
      eventLoopDelayMs: Math.max(delayMs, lateMs),
      eventLoopUtilization: utilization,
      heapUsedBytes: this.heapUsedBytes(),
    };
  }

  heapUsedBytes(): number {
    return getHeapStatistics().used_heap_size;
  }

  close(): void {
    this.#loop.close();
  }
}
