/**
 * BEGIN … COMMIT on one pooled client, the PostgreSQL store's transaction runner. A client is
 * ours alone while checked out; a connection dropped between two statements (a restart's
 * "terminating connection due to administrator command") is heard by the listener every client
 * of the store's pool carries (pg-pool.ts), the failure surfaces here as a StoreUnavailableError
 * from the statement that runs next, and a client whose
 * transaction failed for any reason is destroyed, never returned to the pool: its connection may
 * be dead, mid-pipeline or inside an aborted transaction.
 */

import type pg from 'pg';
import {
  MAX_WRITE_RETRIES,
  PG_BACKGROUND_STATEMENT_TIMEOUT_MS,
  PG_QUERY_TIMEOUT_MARGIN_MS,
  PG_TRANSACTION_TIMEOUT_MS,
} from '../../limits.js';
import type { SqlExecutor, TransactionOptions, TransactionRunner } from '../sql/executor.js';
import { StoreUnavailableError } from '../store-errors.js';
import { pgFailure } from './pg-errors.js';
import { PostgresExecutor } from './postgres-executor.js';

/** deadlock_detected, serialization_failure: retrying the transaction is the documented cure. */
const RETRYABLE = new Set(['40P01', '40001']);

// Background work lifts the statement bound for its own transaction only (SET LOCAL), and waits
// for locks as long as a statement may run (a second collector waiting for a migration).
const BEGIN = 'BEGIN';
const BEGIN_BACKGROUND = `BEGIN; SET LOCAL statement_timeout = ${PG_BACKGROUND_STATEMENT_TIMEOUT_MS}; SET LOCAL lock_timeout = 0`;

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code))
  );
}

async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw pgFailure(error);
  }
}

async function runOnce<T>(
  pool: pg.Pool,
  fn: (exec: SqlExecutor) => Promise<T>,
  background: boolean,
): Promise<T> {
  const client = await connect(pool);
  let timedOut = false;
  // A live but slow server could run each statement just under its bound; the transaction as a
  // whole is bounded too. Dropping the socket fails every statement still waiting.
  const timer = background
    ? undefined
    : setTimeout(() => {
        timedOut = true;
        client.connection.stream.destroy();
      }, PG_TRANSACTION_TIMEOUT_MS);
  let failed = false;
  try {
    const exec = new PostgresExecutor(
      client,
      background ? PG_BACKGROUND_STATEMENT_TIMEOUT_MS + PG_QUERY_TIMEOUT_MARGIN_MS : undefined,
    );
    let begun: Promise<void> | undefined;
    if (background) await exec.script(BEGIN_BACKGROUND);
    else {
      // BEGIN goes out with the transaction's first statements (pipeline mode) instead of a round
      // trip of its own. It cannot fail alone: the pool hands out only idle clients outside any
      // transaction (a failed one is destroyed, below), so what fails it (a lost connection)
      // fails every statement behind it too. Awaited before COMMIT all the same.
      begun = exec.script(BEGIN);
      begun.catch(() => {});
    }
    const result = await fn(exec);
    await begun;
    await exec.script('COMMIT');
    return result;
  } catch (error) {
    failed = true;
    if (!timedOut) throw error;
    throw new StoreUnavailableError(
      'timeout',
      `PostgreSQL transaction did not finish within PG_TRANSACTION_TIMEOUT_MS (${PG_TRANSACTION_TIMEOUT_MS} ms)`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    // release(true) ends the connection (its transaction rolls back on the server) and removes
    // the client from the pool.
    client.release(failed);
  }
}

/**
 * The store's transaction runner over `pool`: deadlocks and serialization failures rerun the
 * whole transaction (up to MAX_WRITE_RETRIES); the database being unavailable fails it with a
 * StoreUnavailableError.
 * @example const transaction = pgTransactionRunner(pool); await transaction((exec) => exec.run(sql))
 */
export function pgTransactionRunner(pool: pg.Pool): TransactionRunner {
  return async <T>(fn: (exec: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await runOnce(pool, fn, options.background === true);
      } catch (error) {
        if (isRetryable(error) && attempt < MAX_WRITE_RETRIES) continue;
        throw error;
      }
    }
  };
}
