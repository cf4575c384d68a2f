/**
 * Real databases for tests that run ingest (or anything else) against both stores: SQLite in a
 * temporary folder always, PostgreSQL in a fresh schema when FAULTLINE_TEST_PG_URL is set
 * (`scripts/postgres.sh start` prints one). A missing URL fails under CI=true and is skipped,
 * with the reason, elsewhere (postgres-url.ts).
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore, createSqliteStore, SQLITE_FILE_NAME, type Store } from '@faultline/collector';
import Database from 'better-sqlite3';
import pg from 'pg';
import { postgresUrl, registerPostgresMissing } from './postgres-url.js';

/** Where an engine's database is, for another process to open it. */
export type EngineLocation =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgres'; url: string; schema: string };

/** A migrated, empty store, and raw read access to its tables for what the Store cannot read. */
export interface EngineHandle {
  /** Its close() may be called more than once: a collector's close() closes its store, then
   * dispose() does. */
  store: Store;
  location: EngineLocation;
  /** Rows of a read-only statement with no parameters, straight from the database. */
  rows<R>(sql: string): Promise<R[]>;
  /** Closes the store and removes the database. */
  dispose(): Promise<void>;
}

export interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  open(): Promise<EngineHandle>;
}

/** SQLite in a temporary folder, removed by dispose(). */
export const sqliteEngine: Engine = {
  name: 'SQLite',
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-engine-'));
    const store = createSqliteStore({ dataDir, synchronous: 'normal' });
    await store.migrate();
    return {
      store,
      location: { kind: 'sqlite', dataDir },
      async rows<R>(sql: string) {
        const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
        try {
          return db.prepare(sql).all() as R[];
        } finally {
          db.close();
        }
      },
      async dispose() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** PostgreSQL at `url`, in a fresh schema dropped by dispose(). */
export function postgresEngine(url: string): Engine {
  return {
    name: 'PostgreSQL',
    async open() {
      const schema = `faultline_test_${randomBytes(6).toString('hex')}`;
      const store = createPostgresStore({ connectionString: url, schema });
      await store.migrate();
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
      await client.connect();
      return {
        store,
        location: { kind: 'postgres', url, schema },
        async rows<R>(sql: string) {
          return (await client.query(sql)).rows as R[];
        },
        async dispose() {
          await store.close();
          try {
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/** `engine` with stores whose close() runs once however often it is called. */
function closingOnce(engine: Engine): Engine {
  return {
    name: engine.name,
    async open() {
      const handle = await engine.open();
      const close = handle.store.close.bind(handle.store);
      let closing: Promise<void> | undefined;
      handle.store.close = () => {
        closing ??= close();
        return closing;
      };
      return handle;
    },
  };
}

/**
 * Calls `suite` once per engine available (inside the caller's describe, or at top level).
 * @example forEachEngine((engine) => describe(`poison (${engine.name})`, () => { … }))
 */
export function forEachEngine(suite: (engine: Engine) => void): void {
  suite(closingOnce(sqliteEngine));
  const url = postgresUrl();
  if (url !== undefined) suite(closingOnce(postgresEngine(url)));
  else registerPostgresMissing('PostgreSQL');
}
