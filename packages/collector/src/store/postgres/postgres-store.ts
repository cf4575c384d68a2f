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
 *
 * Faults (pg-pool.ts, pg-transaction.ts, pg-errors.ts): every wait is bounded, a database that
 * cannot answer (restarting, stopped, frozen, unreachable) fails the call with a
 * StoreUnavailableError (503 + Retry-After), and the pool reconnects by itself once it is back.
 */

import { ConfigError } from '@faultline/core';
import { PG_POOL_SIZE } from '../../limits.js';
import { runMigrations } from '../sql/run-migrations.js';
import { createSqlStore } from '../sql/sql-store.js';
import type { Store } from '../store.js';
import { startChangeListener } from './change-listener.js';
import { postgresEventPartitions } from './event-partitions.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { createPgPool } from './pg-pool.js';
import { pgTransactionRunner } from './pg-transaction.js';
import { PostgresExecutor } from './postgres-executor.js';

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db`. */
  connectionString: string;
  /** Schema to use (created by `migrate()`); default: the server's search_path. */
  schema?: string;
  /** Pool size; default PG_POOL_SIZE. */
  poolSize?: number;
  /** Where the change listener connects (LISTEN needs a session of its own): PostgreSQL itself
   * when `connectionString` goes through a transaction-pooling PgBouncer; default
   * `connectionString`. */
  listenConnectionString?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new ConfigError(`invalid schema name: ${schema}`);
  const pool = createPgPool({
    connectionString: options.connectionString,
    max: options.poolSize ?? PG_POOL_SIZE,
    ...(schema === undefined ? {} : { schema }),
  });
  const read = new PostgresExecutor(pool);
  const transaction = pgTransactionRunner(pool);
  let closing: Promise<void> | undefined;
  const partitions = postgresEventPartitions({ read, transaction });

  return createSqlStore(
    { read, transaction },
    {
      partitions,
      async migrate() {
        if (schema !== undefined) await read.script(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await transaction((exec) => runMigrations(exec, POSTGRES_MIGRATIONS), { background: true });
        // Today's partition exists before the first event arrives, whoever runs maintenance.
        await partitions.ensure(Date.now());
      },
      close() {
        closing ??= pool.end();
        return closing;
      },
      watchChanges: (onChange) =>
        startChangeListener({
          connectionString: options.listenConnectionString ?? options.connectionString,
          ...(schema === undefined ? {} : { schema }),
          onChange,
        }),
    },
  );
}
