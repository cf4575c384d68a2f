/**
 * Leases of once-only jobs (retention, the alert log's prune, partition maintenance, any later
 * one): one row per job name in `job_leases` (PostgreSQL, migration 12) with its holder, until
 * when it holds it, and when the job last ran. The holder renews its lease every LEASE_RENEW_MS
 * and keeps it from one run to the next; a holder that stops renewing (SIGKILL, a lost host, a
 * cut-off network) loses it LEASE_TTL_MS later, and the next try of another collector takes it.
 * `ran_at` lives in the row, not in a process, so a new holder runs the job when it is due by the
 * last run of any holder: one run per interval across collectors, whoever holds the lease. Times
 * are the database's clock, so the hosts' clocks need not agree.
 *
 * Road not taken: `pg_try_advisory_xact_lock` (the rate pass's lease, rate-alert-tx.ts) is held by
 * one transaction, and retention deletes in many short transactions (sliced-delete.ts) so that it
 * never holds ingest's rows for long; a session advisory lock would need a connection of its own
 * for as long as the process runs, is lost silently behind a transaction-pooling PgBouncer, and
 * keeps no record of the last run. A row costs one small UPDATE per renewal and works through any
 * pooler.
 *
 * SQLite: one collector process owns the file, so it always holds every lease; the last runs are
 * kept in memory (its single writer is the lease).
 */

import type { LeaseState } from '../records.js';
import type { Store } from '../store.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** Milliseconds since the epoch on the database's clock. */
const DB_NOW = '(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT';

// Taken when free or run out, renewed when already ours; no row when another holds it.
const TRY_LEASE =
  'INSERT INTO job_leases AS l (name, holder, acquired_at, expires_at) ' +
  `VALUES (?, ?, ${DB_NOW}, ${DB_NOW} + ?) ON CONFLICT (name) DO UPDATE SET ` +
  'holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, ' +
  'acquired_at = CASE WHEN l.holder = EXCLUDED.holder THEN l.acquired_at ELSE EXCLUDED.acquired_at END ' +
  `WHERE l.holder = EXCLUDED.holder OR l.expires_at < ${DB_NOW} ` +
  `RETURNING l.ran_at, ${DB_NOW} AS now`;

const START_RUN =
  `UPDATE job_leases SET ran_at = ${DB_NOW}, runs = runs + 1 ` +
  `WHERE name = ? AND holder = ? AND expires_at >= ${DB_NOW}`;

// Run out, not deleted: the row keeps the last run for the next holder.
const RELEASE = 'UPDATE job_leases SET expires_at = 0 WHERE name = ? AND holder = ?';

type LeaseOps = Pick<Store, 'tryLease' | 'startLeasedRun' | 'releaseLease'>;

/** The lease operations of a SQL store. */
export function leasesSql(ctx: SqlContext): LeaseOps {
  if (ctx.read.dialect.name === 'sqlite') return inProcessLeases();
  return {
    async tryLease(name: string, holder: string, ttlMs: number): Promise<LeaseState | null> {
      const row = await ctx.transaction((exec) =>
        exec.get<Row>(TRY_LEASE, [name, holder, Math.max(0, Math.trunc(ttlMs))]),
      );
      if (row === undefined) return null;
      return { now: Number(row.now), ranAt: row.ran_at === null ? null : Number(row.ran_at) };
    },
    async startLeasedRun(name: string, holder: string): Promise<boolean> {
      return (await ctx.transaction((exec) => exec.run(START_RUN, [name, holder]))) === 1;
    },
    async releaseLease(name: string, holder: string): Promise<void> {
      await ctx.transaction((exec) => exec.run(RELEASE, [name, holder]));
    },
  };
}

/** SQLite's leases: always held by the one process; the last runs in memory. */
function inProcessLeases(): LeaseOps {
  const ranAt = new Map<string, number>();
  return {
    tryLease: async (name) => ({ now: Date.now(), ranAt: ranAt.get(name) ?? null }),
    async startLeasedRun(name) {
      ranAt.set(name, Date.now());
      return true;
    },
    releaseLease: async () => {},
  };
}
