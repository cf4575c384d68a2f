/**
 * The leased job's schedule over a lease table kept in memory (the store's side is the store
 * contract's, test/store-contract-leases.ts): only the holder runs, one run per interval however
 * often it tries, a run is aborted when its lease is lost, and closing gives the lease up.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LeaseState } from '../store/records.js';
import { type LeasedJobDeps, startLeasedJob } from './leased-job.js';

/** One lease row per name, as job_leases holds it; `now` is the test's clock. */
function leaseTable() {
  const rows = new Map<string, { holder: string; expiresAt: number; ranAt: number | null }>();
  return {
    rows,
    async tryLease(name: string, holder: string, ttlMs: number): Promise<LeaseState | null> {
      const now = Date.now();
      const row = rows.get(name);
      if (row && row.holder !== holder && row.expiresAt >= now) return null;
      rows.set(name, { holder, expiresAt: now + ttlMs, ranAt: row?.ranAt ?? null });
      return { now, ranAt: row?.ranAt ?? null };
    },
    async startLeasedRun(name: string, holder: string) {
      const row = rows.get(name);
      if (row?.holder !== holder) return false;
      row.ranAt = Date.now();
      return true;
    },
    async releaseLease(name: string, holder: string) {
      const row = rows.get(name);
      if (row?.holder === holder) row.expiresAt = 0;
    },
  };
}

const quiet: Pick<LeasedJobDeps, 'log' | 'isStoreFailure'> = {
  log: (m, e) => assert.fail(`${m}: ${String(e)}`),
  isStoreFailure: () => false,
};

test('two processes on one lease: only the holder runs, at most once per interval', async () => {
  const store = leaseTable();
  const runs: string[] = [];
  const job = (holder: string) =>
    startLeasedJob({
      ...quiet,
      store,
      name: 'retention',
      intervalMs: 100,
      holder,
      run: async () => {
        runs.push(holder);
      },
    });
  const a = job('a');
  await sleep(20);
  const b = job('b');
  const startedAt = Date.now();
  await sleep(1_000);
  const elapsed = Date.now() - startedAt;
  await Promise.all([a.close(), b.close()]);
  assert.deepEqual(new Set(runs), new Set(['a']), 'the first holder keeps the lease');
  assert.ok(runs.length >= 2, `ran ${runs.length} times`);
  assert.ok(
    runs.length <= elapsed / 100 + 1,
    `${runs.length} runs in ${elapsed} ms: at most one per interval`,
  );
  assert.equal(store.rows.get('retention')?.expiresAt, 0, 'closing gave the lease up');
});

test('a run is aborted once its lease passes to another holder', async () => {
  const store = leaseTable();
  let aborted: unknown;
  const job = startLeasedJob({
    ...quiet,
    store,
    name: 'slow',
    intervalMs: 20,
    holder: 'a',
    run: (signal) =>
      new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = signal.reason;
          resolve();
        });
      }),
  });
  await sleep(200);
  assert.equal(aborted, undefined, 'running while it holds the lease');
  // Another collector took it over (this one could not renew in time).
  store.rows.set('slow', { holder: 'b', expiresAt: Date.now() + 60_000, ranAt: Date.now() });
  const deadline = Date.now() + 5_000;
  while (aborted === undefined && Date.now() < deadline) await sleep(10);
  assert.match(String(aborted), /passed to another collector/);
  await job.close();
});
