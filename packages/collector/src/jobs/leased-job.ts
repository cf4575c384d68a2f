/**
 * A job that runs once per interval across every collector sharing a store, under the store's
 * lease of its name (store/sql/leases-sql.ts). Each collector tries every LEASE_RENEW_MS (or every
 * interval when that is shorter); the one holding the lease renews it on each try and starts a run
 * when the last run of any holder is an interval old. If the holder dies, its lease runs out and
 * another collector takes it within LEASE_TAKEOVER_MS; a run killed midway is run again by the
 * next holder at the next interval (every leased job is idempotent). A holder that loses its lease
 * mid-run (it could not renew for LEASE_TTL_MS) is told through the run's AbortSignal and stops
 * between two steps, so two runs overlap by one step at most. On SQLite the one process always
 * holds the lease.
 *
 * Leased: retention (many rows, once per interval), the alert log's prune, and any job that would
 * repeat the same work on every collector. Not leased, because they are safe everywhere: the
 * alert delivery worker (claims rows with SKIP LOCKED and a claim lease), email digests (the slot
 * is taken in the store), the rate pass (its own transaction-scoped advisory lock, rate-alert-tx),
 * and the per-process timers of ingest and /health (admission sampling, body pace, probes).
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError } from '@faultline/core';
import { LEASE_RENEW_MS, LEASE_TTL_MS } from '../limits.js';
import type { Store } from '../store/store.js';
import { isStoreUnavailable } from '../store/store-errors.js';

/**
 * This process as a lease holder: host, pid and a random part (a pid is reused after a restart).
 * @example const holder = leaseHolderId() // 'web-1:4242:9f3c2a1b'
 */
export const leaseHolderId = () => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

export interface LeasedJobDeps {
  store: Pick<Store, 'tryLease' | 'startLeasedRun' | 'releaseLease'>;
  /** The lease's name, one per job: 'retention', 'alert-log-prune', 'partition-maintenance'. */
  name: string;
  /** Between the starts of two runs, across all collectors. */
  intervalMs: number;
  /** This process (leaseHolderId(), one per collector). */
  holder: string;
  /** A job that never ran runs as soon as a collector holds its lease (partition maintenance: the
   * days ahead must exist before events need them); default: an interval later, as a timer. */
  runWhenNeverRan?: boolean;
  /** One run; it stops early when `signal` aborts (the lease was lost or the collector stops). */
  run: (signal: AbortSignal) => Promise<unknown>;
  log: (message: string, error?: unknown) => void;
  isStoreFailure: (error: unknown) => boolean;
}

export interface LeasedJob {
  /** Stops trying, aborts and awaits the run in progress, and gives the lease up. */
  close(): Promise<void>;
}

/**
 * @throws ConfigError for an interval that is not a positive number of milliseconds
 * @example const retention = startLeasedJob({ store, name: 'retention', intervalMs: RETENTION_INTERVAL_MS, holder, run: (signal) => store.deleteEvents({ olderThan, signal }), log, isStoreFailure })
 */
export function startLeasedJob(deps: LeasedJobDeps): LeasedJob {
  if (!Number.isFinite(deps.intervalMs) || deps.intervalMs <= 0)
    throw new ConfigError(`the ${deps.name} interval is a positive number of ms (got ${deps.intervalMs})`);
  const { store, name, holder } = deps;
  let trying = false;
  let running: { done: Promise<void>; abort: AbortController } | undefined;
  let renewedAt = Number.NEGATIVE_INFINITY;
  /** The store's clock at this process's first lease: a job that never ran is due an interval
   * after it, as a timer started with the process would be. */
  let firstHeldAt: number | undefined;
  let closed = false;

  const failed = (what: string) => (error: unknown) => {
    if (!deps.isStoreFailure(error)) deps.log(`${name}: ${what} failed`, error);
  };

  const start = () => {
    const abort = new AbortController();
    const done = deps
      .run(abort.signal)
      .then(
        () => undefined,
        (error: unknown) => {
          if (!(closed && abort.signal.aborted)) failed('a run')(error);
        },
      )
      .finally(() => {
        running = undefined;
      });
    running = { done, abort };
  };

  const tick = async () => {
    if (trying || closed) return;
    trying = true;
    try {
      const lease = await store.tryLease(name, holder, LEASE_TTL_MS);
      if (lease === null) {
        running?.abort.abort(new Error(`${name}: the lease passed to another collector`));
        return;
      }
      renewedAt = performance.now();
      firstHeldAt ??= lease.now;
      if (running !== undefined || closed) return;
      const never = deps.runWhenNeverRan === true ? Number.NEGATIVE_INFINITY : firstHeldAt;
      if (lease.now - (lease.ranAt ?? never) < deps.intervalMs) return;
      if (await store.startLeasedRun(name, holder)) start();
    } catch (error) {
      // Not renewed for a whole TTL: another collector may hold it by now.
      if (performance.now() - renewedAt > LEASE_TTL_MS)
        running?.abort.abort(new Error(`${name}: the lease could not be renewed`));
      // A store that cannot answer is logged once per episode by the calls that watch its health.
      if (!isStoreUnavailable(error)) failed('taking its lease')(error);
    } finally {
      trying = false;
    }
  };

  const timer = setInterval(() => void tick(), Math.min(deps.intervalMs, LEASE_RENEW_MS));
  timer.unref();
  setImmediate(() => void tick());

  return {
    async close() {
      closed = true;
      clearInterval(timer);
      running?.abort.abort(new Error(`${name}: the collector is stopping`));
      await running?.done;
      await store.releaseLease(name, holder).catch(failed('giving its lease up'));
    },
  };
}
