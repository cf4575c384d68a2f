/**
 * A collector in a process of its own, for alerts-outbox-crash.test.ts to SIGKILL: argv[2] is
 * the EngineLocation (JSON) of its database. Prints `READY <url> <public key>` once it listens.
 */

import type { EngineLocation } from '@faultline/test-support';
import { startCollector } from '../src/collector.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const location = JSON.parse(process.argv[2] ?? '{}') as EngineLocation;
const store =
  location.kind === 'sqlite'
    ? createSqliteStore({ dataDir: location.dataDir })
    : createPostgresStore({ connectionString: location.url, schema: location.schema });
await store.migrate();
const { key } = await store.ensureDefaultProject();
const collector = await startCollector({
  store,
  dashboardDir: '/nonexistent',
  log: (message, error) => process.stderr.write(`${message} ${String(error ?? '')}\n`),
  // A fixed dashboard URL: the child's port changes at every start, the alert's links must not.
  alerts: { webhookAllow: ['127.0.0.1'], publicUrl: 'https://faultline.test/' },
});
process.stdout.write(`READY ${collector.url} ${key.publicKey}\n`);
