// The collector under test in its own process, as bench/collector/collector-process.mjs runs it
// (`startCollector` over SQLite in `dataDir`), with `rules` alert rules on project 1 sending to
// `hookUrl` (allowed through webhookAllow). Prints `{"url","dsn","pid"}` once listening.
//
// The rules are those of rule-mix.mjs (`mix`: quiet or firing).
//
// `stats` answers `stored`, the events in the database (a read-only connection of its own), so the
// bench divides the child's CPU time by the events it stored.
//
// Usage: node alerts-collector.mjs '{"dataDir":"/tmp/x","rules":100,"hookUrl":"http://127.0.0.1:9/h"}'
import { join } from 'node:path';
import { bootstrap, createSqliteStore, startCollector } from '@faultline/collector';
import Database from 'better-sqlite3';
import { serveIpc } from '../collector/child-ipc.mjs';
import { createRules } from './rule-mix.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const store = createSqliteStore({ dataDir: config.dataDir });
await store.migrate();
const collector = await startCollector({
  store,
  port: 0,
  log: () => {},
  alerts: { webhookAllow: ['127.0.0.1'] },
});
const { dsn } = await bootstrap(store, collector.url, 'bench-admin-token');
await createRules(store, 1, config);
// The store's file name (SQLITE_FILE_NAME in store/sqlite/sqlite-store.ts).
const reader = new Database(join(config.dataDir, 'faultline.db'), { readonly: true });
const stored = () => Number(reader.prepare('SELECT count(*) AS n FROM events').get().n);
serveIpc({
  stats: () => ({ stored: stored() }),
  close: async () => {
    reader.close();
    await collector.close();
  },
});
process.stdout.write(`${JSON.stringify({ url: collector.url, dsn, pid: process.pid })}\n`);
