/**
 * The databases a store-backed regression test runs on: SQLite always, and a real PostgreSQL
 * when FAULTLINE_TEST_PG_URL is set (`scripts/postgres.sh start` prints one). Under CI=true a
 * missing URL is a failing engine, never a quiet SQLite-only run. Each `open` is a fresh,
 * migrated database (a temporary folder, or a schema of its own) that `dispose` removes.
 */

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { Store } from '../src/store/store.js';
import { tempStore } from './digest-sqlite.js';

export interface OpenStore {
  /** Its `close` may be called more than once (a collector's close() closes its store too). */
  store: Store;
  /** Closes the store and removes its database. */
  dispose(): Promise<void>;
}

/** `open` with a store whose close() runs once, however often it is called. */
async function closingOnce(open: () => Promise<OpenStore>): Promise<OpenStore> {
  const opened = await open();
  const close = opened.store.close.bind(opened.store);
  let closing: Promise<void> | undefined;
  opened.store.close = () => {
    closing ??= close();
    return closing;
  };
  return opened;
}

export interface StoreEngine {
  name: 'SQLite' | 'PostgreSQL';
  open(): Promise<OpenStore>;
}

async function openPostgres(url: string): Promise<OpenStore> {
  const schema = `faultline_test_${randomBytes(6).toString('hex')}`;
  const store = createPostgresStore({ connectionString: url, schema });
  await store.migrate();
  return {
    store,
    async dispose() {
      await store.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * @example
 * for (const engine of storeEngines())
 *   describe(engine.name, () => { it('…', async () => { const { store, dispose } = await engine.open(); … }) });
 */
export function storeEngines(): StoreEngine[] {
  const engines: StoreEngine[] = [{ name: 'SQLite', open: () => closingOnce(tempStore) }];
  const url = process.env.FAULTLINE_TEST_PG_URL;
  if (url !== undefined && url !== '')
    engines.push({ name: 'PostgreSQL', open: () => closingOnce(() => openPostgres(url)) });
  else if (process.env.CI === 'true')
    engines.push({
      name: 'PostgreSQL',
      open: () => Promise.reject(new Error('FAULTLINE_TEST_PG_URL is required when CI=true')),
    });
  return engines;
}
