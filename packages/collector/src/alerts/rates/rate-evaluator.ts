/**
 * The periodic job of the rate rules (issue 14 §1, §4): every interval it runs one pass
 * (evaluate-rates.ts) in a transaction that holds the rate lease, so with several collectors on
 * one PostgreSQL one of them evaluates at a time, and wakes the delivery worker when the pass
 * wrote notifications. A pass that fails (the store cannot answer now) is logged (a store failure
 * once per episode, by the store's health) and the next interval tries again.
 */

import { ConfigError } from '@faultline/core';
import type { Store } from '../../store/store.js';
import { evaluateRateAlerts, type RatePassResult } from './evaluate-rates.js';

export interface RateEvaluatorDeps {
  store: Pick<Store, 'withRateAlertLease'>;
  /** Between the end of one pass and the start of the next (RATE_ALERT_INTERVAL_MS). */
  intervalMs: number;
  now: () => number;
  log: (message: string, error?: unknown) => void;
  isStoreFailure: (error: unknown) => boolean;
  /** A pass wrote notifications. */
  onNotified: () => void;
}

export interface RateEvaluator {
  /** Runs a pass now (after the one in progress); undefined when another process holds the lease
   * or the pass failed. */
  runNow(): Promise<RatePassResult | undefined>;
  /** Stops the timer and waits for the pass in progress. */
  close(): Promise<void>;
}

/**
 * @throws ConfigError for an interval that is not a positive number of milliseconds
 * @example const rates = startRateEvaluator({ store, intervalMs: RATE_ALERT_INTERVAL_MS, now: Date.now, log, isStoreFailure, onNotified: () => delivery.wake() })
 */
export function startRateEvaluator(deps: RateEvaluatorDeps): RateEvaluator {
  if (!Number.isFinite(deps.intervalMs) || deps.intervalMs <= 0)
    throw new ConfigError(`the rate alert interval is a positive number of ms (got ${deps.intervalMs})`);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<RatePassResult | undefined> = Promise.resolve(undefined);
  let closed = false;

  const pass = async (): Promise<RatePassResult | undefined> => {
    try {
      const now = deps.now();
      const done = await deps.store.withRateAlertLease((tx) => evaluateRateAlerts(tx, now), {
        prefetchAt: now,
      });
      if (done !== undefined && done.value.notifications > 0) deps.onNotified();
      return done?.value;
    } catch (error) {
      if (!deps.isStoreFailure(error)) deps.log('rate alerts: an evaluation pass failed', error);
      return undefined;
    }
  };

  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void runNow();
    }, deps.intervalMs);
    timer.unref();
  };

  function runNow(): Promise<RatePassResult | undefined> {
    clearTimeout(timer);
    running = running.then(pass).finally(schedule);
    return running;
  }

  schedule();
  return {
    runNow,
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
