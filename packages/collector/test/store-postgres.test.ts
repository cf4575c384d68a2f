/**
 * The store contract against a real PostgreSQL (issue 4 §3). The URL comes from
 * FAULTLINE_TEST_PG_URL (`scripts/postgres.sh start` prints one). Each database made by the
 * fixture is a fresh schema, dropped at the end, so reruns start clean. Without the variable
 * the suite fails under CI=true and is skipped, with the reason, elsewhere (test-support).
 */

import { randomBytes } from 'node:crypto';
import { postgresUrl, registerPostgresMissing } from '@faultline/test-support';
import pg from 'pg';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { storeContract } from './store-contract.js';

const url = postgresUrl();

if (url === undefined) {
  registerPostgresMissing('PostgreSQL store contract');
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
