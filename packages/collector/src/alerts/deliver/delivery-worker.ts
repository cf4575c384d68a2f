/**
 * The delivery worker a collector runs (issue 14 §3): it claims due notifications from the
 * outbox, sends them (ALERT_DELIVERY_CONCURRENCY at a time) and records the attempts. A commit
 * that wrote notifications wakes it at once; otherwise it sleeps until the next one is due, at
 * most ALERT_IDLE_POLL_MS, so retries, a dead process's claims and another collector's rows are
 * found.
 *
 * SQLite: one collector process owns the file, and its worker is the only one. PostgreSQL:
 * every collector runs one, and the claim (SKIP LOCKED plus a lease) keeps them off each other's
 * rows, so no leader is needed for delivery. Email to one recipient set is held for digests
 * (email-digests.ts). The periodic evaluation of rate rules is different work: it takes a
 * transaction-scoped advisory lock (rate-alert-tx.ts) so one collector evaluates at a time, and
 * enqueues through the same outbox. The alert log's prune runs under a lease (jobs/).
 */

import {
  ALERT_BUSY_POLL_MS,
  ALERT_CLAIM_BATCH,
  ALERT_CLAIM_LEASE_MS,
  ALERT_DELIVERY_CONCURRENCY,
  ALERT_IDLE_POLL_MS,
} from '../../limits.js';
import type { ClaimedNotification } from '../../store/alert-records.js';
import type { DeliveryDeps } from '../alert-options.js';
import { attemptDelivery } from './attempt.js';
import { attemptDigest, digestSettlements, planSends } from './email-digests.js';
import { type Settlement, saveSettlements, settlement } from './settle-attempt.js';

export interface DeliveryWorker {
  /** Something may be due now (a commit wrote notifications). */
  wake(): void;
  /** Stops claiming, waits for the sends in flight (each bounded), closes the mailer. */
  close(): Promise<void>;
}

/** Runs `work` over `items`, `limit` at a time; the results in item order. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * @example
 * const worker = startDeliveryWorker(deps);
 * createCommit(store, { onCommitted: (r) => { if (r.alertNotifications > 0) worker.wake(); } });
 */
export function startDeliveryWorker(deps: DeliveryDeps): DeliveryWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const failed = (what: string) => (error: unknown) => {
    if (!deps.isStoreFailure(error)) deps.log(`alert delivery: ${what} failed`, error);
  };

  const deliver = async (group: ClaimedNotification[]): Promise<Settlement[]> => {
    const [one, ...more] = group;
    if (one === undefined) return [];
    if (more.length === 0) return [settlement(one, await attemptDelivery(one, deps), deps, true)];
    return digestSettlements(group, await attemptDigest(group, deps), deps);
  };

  const schedule = (dueAt: number | null) => {
    if (closed) return;
    const wait =
      dueAt === null
        ? ALERT_IDLE_POLL_MS
        : Math.min(Math.max(ALERT_BUSY_POLL_MS, dueAt - deps.now()), ALERT_IDLE_POLL_MS);
    clearTimeout(timer);
    timer = setTimeout(run, wait);
    timer.unref();
  };

  const pass = async () => {
    let dueAt: number | null = null;
    try {
      do {
        again = false;
        // A read first: claiming is a write transaction, and most wakes find nothing due yet.
        const due = await deps.store.nextAlertAttemptAt();
        if (due === null || due > deps.now()) break;
        const claimed = await deps.store.claimAlertNotifications(
          deps.now(),
          ALERT_CLAIM_BATCH,
          ALERT_CLAIM_LEASE_MS,
        );
        // One transaction for the pass's attempts: sends are many, the writer is one. Should it
        // fail, the claims' leases end and the rows are sent again (at least once).
        const sends = await planSends(claimed, deps);
        await saveSettlements((await pooled(sends, ALERT_DELIVERY_CONCURRENCY, deliver)).flat(), deps);
        if (claimed.length === ALERT_CLAIM_BATCH) again = true;
      } while (again && !closed);
      dueAt = await deps.store.nextAlertAttemptAt();
    } catch (error) {
      failed('a pass')(error);
    }
    schedule(dueAt);
  };

  function run() {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = pass().finally(() => {
      running = undefined;
    });
  }

  setImmediate(run);

  return {
    wake: () => setImmediate(run),
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
      deps.mailer?.close();
    },
  };
}
