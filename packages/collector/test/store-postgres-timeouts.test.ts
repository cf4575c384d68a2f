/**
 * Each bound of the PostgreSQL store, against a real server of the test's own: a statement past
 * PG_STATEMENT_TIMEOUT_MS, a lock wait past PG_LOCK_TIMEOUT_MS and a transaction past
 * PG_TRANSACTION_TIMEOUT_MS fail as StoreUnavailableError 'timeout'; a checked-out client whose
 * connection is killed mid-transaction fails as 'connection' without crashing the process (its
 * 'error' event had no listener); and the pool serves again after each.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PgInstance, startPgInstance } from '@faultline/test-support';
import type pg from 'pg';
import { PG_LOCK_TIMEOUT_MS, PG_STATEMENT_TIMEOUT_MS, PG_TRANSACTION_TIMEOUT_MS } from '../src/limits.js';
import { createPgPool } from '../src/store/postgres/pg-pool.js';
import { pgTransactionRunner } from '../src/store/postgres/pg-transaction.js';
import { PostgresExecutor } from '../src/store/postgres/postgres-executor.js';
import type { TransactionRunner } from '../src/store/sql/executor.js';
import { isStoreUnavailable, type StoreUnavailableKind } from '../src/store/store-errors.js';

/** Margin over a bound for a loaded 2-core machine. */
const MARGIN_MS = 3_000;

let instance: PgInstance;
let pool: pg.Pool;
let read: PostgresExecutor;
let transaction: TransactionRunner;

before(async () => {
  instance = await startPgInstance();
  pool = createPgPool({ connectionString: instance.url, max: 4 });
  read = new PostgresExecutor(pool);
  transaction = pgTransactionRunner(pool);
  await read.script('CREATE TABLE locked_row (id int PRIMARY KEY); INSERT INTO locked_row VALUES (1)');
});
after(async () => {
  await pool?.end();
  await instance?.dispose();
});

/** Runs `call`, expects a StoreUnavailableError of `kind` after about `bound` ms. */
async function failsWithin(kind: StoreUnavailableKind, bound: number, call: () => Promise<unknown>) {
  const started = performance.now();
  const error = await call().then(
    () => assert.fail('the call succeeded'),
    (e: unknown) => e,
  );
  const elapsed = performance.now() - started;
  assert.ok(isStoreUnavailable(error), `a StoreUnavailableError, not ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(elapsed < bound + MARGIN_MS, `failed after ${Math.round(elapsed)} ms, bound ${bound} ms`);
  // And the pool serves the next call.
  assert.deepEqual(await read.all('SELECT 1 AS one'), [{ one: 1 }]);
}

test('a statement past PG_STATEMENT_TIMEOUT_MS fails as timeout', async () => {
  await failsWithin('timeout', PG_STATEMENT_TIMEOUT_MS, () =>
    read.all(`SELECT pg_sleep(${(PG_STATEMENT_TIMEOUT_MS + 2_000) / 1000})`),
  );
});

test('a lock wait past PG_LOCK_TIMEOUT_MS fails as timeout, and the holder is unaffected', async () => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = transaction(async (exec) => {
    await exec.all('SELECT id FROM locked_row WHERE id = 1 FOR UPDATE');
    locked();
    await held;
  });
  await isLocked;
  await failsWithin('timeout', PG_LOCK_TIMEOUT_MS, () =>
    transaction((exec) => exec.all('SELECT id FROM locked_row WHERE id = 1 FOR UPDATE')),
  );
  release();
  await holder;
});

test('a transaction past PG_TRANSACTION_TIMEOUT_MS (each statement under its own bound) fails as timeout', async () => {
  const step = (PG_STATEMENT_TIMEOUT_MS - 1_000) / 1000;
  const steps = Math.ceil(PG_TRANSACTION_TIMEOUT_MS / 1000 / step) + 1;
  await failsWithin('timeout', PG_TRANSACTION_TIMEOUT_MS, () =>
    transaction(async (exec) => {
      for (let i = 0; i < steps; i++) await exec.all(`SELECT pg_sleep(${step})`);
    }),
  );
});

test('a checked-out client whose connection is terminated mid-transaction fails as connection, without crashing', async () => {
  await failsWithin('connection', PG_STATEMENT_TIMEOUT_MS, () =>
    transaction(async (exec) => {
      const row = await exec.get<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // Another connection ends this one, as `pg_ctl restart -m fast` does: the client's 'error'
      // arrives while no statement of ours is running.
      await read.all('SELECT pg_terminate_backend(?)', [row?.pid]);
      await new Promise((r) => setTimeout(r, 200));
      await exec.all('SELECT 1');
    }),
  );
});
