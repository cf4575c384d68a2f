/**
 * Applies pending numbered migrations inside the caller's transaction, recording each in
 * `schema_migrations`. On PostgreSQL an advisory lock makes concurrent starts wait for each
 * other instead of racing the DDL. A database migrated by a newer collector is refused, not
 * silently used with a schema this code does not know.
 */

import { ConfigError } from '@faultline/core';
import type { SqlExecutor } from './executor.js';
import type { Migration } from './migration.js';
import type { Row } from './rows.js';

const MIGRATION_LOCK = 0x6661_0000;

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

/**
 * @example await transaction((exec) => runMigrations(exec, SQLITE_MIGRATIONS))
 * @returns the versions applied now
 */
export async function runMigrations(exec: SqlExecutor, migrations: readonly Migration[]): Promise<number[]> {
  const lock = exec.dialect.advisoryLock(MIGRATION_LOCK);
  if (lock !== null) await exec.get(lock);
  await exec.script(CREATE_TABLE);
  const rows = await exec.all<Row>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new ConfigError(`database schema version ${newest} is newer than this collector's (${known})`);
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await exec.script(m.sql);
    await exec.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      m.version,
      m.name,
      Date.now(),
    ]);
    done.push(m.version);
  }
  return done;
}
