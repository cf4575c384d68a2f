/**
 * The shedding maths, pure: how far each signal is past its threshold, and the share of new
 * requests to refuse. Graded as toobusy-js does, not all-or-nothing as under-pressure: a
 * server slightly past its limit refuses a few requests, not every one, so it keeps serving
 * close to capacity while the queue drains.
 */

import { SHED_FULL_AT_THRESHOLD_MULTIPLE } from '../limits.js';
import type { ResolvedShedOptions } from './shed-options.js';

/** One reading of the load, already smoothed. */
export interface LoadSignals {
  /** Event-loop delay, ms. */
  eventLoopDelayMs: number;
  /** Event-loop utilization, 0–1. */
  eventLoopUtilization: number;
  /** V8 heap in use, bytes. */
  heapUsedBytes: number;
}

export type SignalName = keyof LoadSignals;

/**
 * 0 at or below `threshold`, 1 at `full`, linear between.
 * @example share(30, 20, 40) // → 0.5
 */
export function share(value: number, threshold: number, full: number): number {
  if (!(value > threshold)) return 0;
  if (value >= full) return 1;
  return (value - threshold) / (full - threshold);
}

/** Where a threshold's share reaches 1: twice the threshold, or the signal's hard maximum if lower. */
export function fullAt(threshold: number, hardMax = Number.POSITIVE_INFINITY): number {
  return Math.min(threshold * SHED_FULL_AT_THRESHOLD_MULTIPLE, hardMax);
}

export interface Pressure {
  /** Share of new requests to refuse, 0–1. */
  probability: number;
  /** The signal that decided (the worst one), or undefined when none is past its threshold. */
  signal: SignalName | undefined;
}

type Thresholds = Pick<
  ResolvedShedOptions,
  'maxEventLoopDelayMs' | 'maxEventLoopUtilization' | 'maxHeapUsedBytes' | 'heapLimitBytes'
>;

/**
 * The worst signal decides: a process out of heap is overloaded however idle its loop is.
 * @example
 * pressure({ eventLoopDelayMs: 25, eventLoopUtilization: 0.5, heapUsedBytes: 1e8 },
 *   { maxEventLoopDelayMs: 20, maxEventLoopUtilization: undefined, maxHeapUsedBytes: 1e9, heapLimitBytes: 2e9 })
 * // → { probability: 0.25, signal: 'eventLoopDelayMs' }
 */
export function pressure(signals: LoadSignals, t: Thresholds): Pressure {
  let probability = 0;
  let signal: SignalName | undefined;
  const consider = (name: SignalName, p: number) => {
    if (p > probability) {
      probability = p;
      signal = name;
    }
  };
  if (t.maxEventLoopDelayMs !== undefined) {
    consider(
      'eventLoopDelayMs',
      share(signals.eventLoopDelayMs, t.maxEventLoopDelayMs, fullAt(t.maxEventLoopDelayMs)),
    );
  }
  if (t.maxEventLoopUtilization !== undefined) {
    consider(
      'eventLoopUtilization',
      share(signals.eventLoopUtilization, t.maxEventLoopUtilization, fullAt(t.maxEventLoopUtilization, 1)),
    );
  }
  if (t.maxHeapUsedBytes !== undefined) {
    consider(
      'heapUsedBytes',
      share(signals.heapUsedBytes, t.maxHeapUsedBytes, fullAt(t.maxHeapUsedBytes, t.heapLimitBytes)),
    );
  }
  return { probability, signal };
}

/** Exponential smoothing: the newest value weighs `weight`, the history the rest. */
export function smooth(previous: number, next: number, weight: number): number {
  return previous + weight * (next - previous);
}
