/**
 * The shedder's policy, pure: which signals count and how far each is past its threshold; the
 * share of new requests to refuse is core's graded share (toobusy-js's, not under-pressure's
 * all-or-nothing), so a server slightly past its limit refuses a few requests, not every one.
 */

import { gradedFullAt, gradedShare } from '@faultline/core';
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
    consider('eventLoopDelayMs', gradedShare(signals.eventLoopDelayMs, t.maxEventLoopDelayMs));
  }
  if (t.maxEventLoopUtilization !== undefined) {
    consider(
      'eventLoopUtilization',
      gradedShare(
        signals.eventLoopUtilization,
        t.maxEventLoopUtilization,
        gradedFullAt(t.maxEventLoopUtilization, 1),
      ),
    );
  }
  if (t.maxHeapUsedBytes !== undefined) {
    consider(
      'heapUsedBytes',
      gradedShare(
        signals.heapUsedBytes,
        t.maxHeapUsedBytes,
        gradedFullAt(t.maxHeapUsedBytes, t.heapLimitBytes),
      ),
    );
  }
  return { probability, signal };
}

/**
 * Exponential smoothing: the newest value weighs `weight`, the history the rest.
 * @example smooth(30, 90, 1 / 3) // → 50
 */
export function smooth(previous: number, next: number, weight: number): number {
  return previous + weight * (next - previous);
}
