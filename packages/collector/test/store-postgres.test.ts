/**
 * The store contract against a real PostgreSQL (issue 4 §3). The URL comes from
 * FAULTLINE_TEST_PG_URL (`scripts/postgres.sh start` prints one). Each database made by the
 * fixture is a fresh schema, dropped at the end, so reruns start clean. Without the variable
 * the suite fails under CI=true and is skipped, with the reason, elsewhere.
 */

import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import pg from 'pg';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { storeContract } from './store-contract.js';

const url = process.env.FAULTLINE_TEST_PG_URL;

if (url === undefined || url === '') {
  const reason =
    'FAULTLINE_TEST_PG_URL is not set; run `scripts/postgres.sh start` and export the URL it prints';
  if (process.env.CI === 'true') {
    it('PostgreSQL store contract', () => {
      throw new Error(`${reason} (required when CI=true)`);
    });
  } else {
    it('PostgreSQL store contract', { skip: reason }, () => {});
  }
} else {
  const schemas: string[] = [];
  storeContract('postgres', {
    async create() {
      const schema = `faultline_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const open = async () => {
        const store = createPostgresStore({ connectionString: url, schema });
        await store.migrate();
        return store;
      };
      return { store: await open(), open, concurrentHandles: true };
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  });
}
