/**
 * The PostgreSQL store, for several stateless collector processes sharing one database
 * (ARCHITECTURE.md "Past one machine"). `write` is BEGIN … COMMIT on one pooled client; rows
 * that digest reads and then rewrites are locked (`SELECT … FOR UPDATE`, or the
 * `INSERT … ON CONFLICT` that created them) and counters are added in SQL, so concurrent
 * collectors stay correct. A deadlock or serialization failure (two transactions locking the
 * same issues in different orders) rolls back and reruns the whole transaction: digest is a
 * pure function of its batches, so a rerun is safe. Durability: COMMIT returns after the WAL
 * flush (PostgreSQL's default `synchronous_commit = on`). Clients run in pg's pipeline mode, so
 * statements issued without awaiting each other share a round trip.
 */

import { ConfigError } from '@faultline/core';
import pg from 'pg';
import { MAX_WRITE_RETRIES, PG_POOL_SIZE } from '../../limits.js';
import type { SqlExecutor } from '../sql/executor.js';
import { runMigrations } from '../sql/run-migrations.js';
import { createSqlStore } from '../sql/sql-store.js';
import type { Store } from '../store.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { PostgresExecutor } from './postgres-executor.js';

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db`. */
  connectionString: string;
  /** Schema to use (created by `migrate()`); default: the server's search_path. */
  schema?: string;
  /** Pool size; default PG_POOL_SIZE. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** deadlock_detected, serialization_failure: retrying the transaction is the documented cure. */
const RETRYABLE = new Set(['40P01', '40001']);
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Times and counters are BIGINT (ms and counts stay far below 2^53); sums are NUMERIC.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code))
  );
}

/**
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new ConfigError(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? PG_POOL_SIZE,
    types: types as pg.CustomTypesConfig,
    // Statements issued together (digest's bulk writes, sql/multi-row.ts) go out together:
    // one round trip for the lot instead of one each.
    pipeline: true,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const transaction = async <T>(fn: (exec: SqlExecutor) => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(new PostgresExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        if (isRetryable(error) && attempt < MAX_WRITE_RETRIES) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  };

  return createSqlStore(
    { read: new PostgresExecutor(pool), transaction },
    {
      async migrate() {
        if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await transaction((exec) => runMigrations(exec, POSTGRES_MIGRATIONS));
      },
      close: () => pool.end(),
    },
  );
}
