// The collector under test in its own process, as bench/collector/collector-process.mjs runs it
// (`startCollector` over SQLite in `dataDir`), with `rules` alert rules on project 1 sending to
// `hookUrl` (allowed through webhookAllow). Prints `{"url","dsn","pid"}` once listening.
//
// The rules are a mix a team might keep: new-issue and regression rules filtered on the
// environment, and frequency rules over three windows. Only new issues and counts past a
// threshold fire; every commit evaluates all of them for the issues it touched.
//
// Usage: node alerts-collector.mjs '{"dataDir":"/tmp/x","rules":100,"hookUrl":"http://127.0.0.1:9/h"}'
import { bootstrap, createSqliteStore, parseAlertRule, startCollector } from '@faultline/collector';
import { serveIpc } from '../collector/child-ipc.mjs';

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
const WINDOWS = [5, 60, 1440];
for (let i = 0; i < (config.rules ?? 0); i++) {
  const kind = i % 5;
  const trigger =
    kind === 0 || kind === 1
      ? { type: 'new-issue' }
      : kind === 2
        ? { type: 'regression' }
        : { type: 'frequency', count: 100 + 100 * (i % 10), windowMinutes: WINDOWS[i % 3] };
  await store.createAlertRule(
    1,
    parseAlertRule({
      name: `rule ${i}`,
      trigger,
      filters: kind === 1 ? { environment: 'staging' } : {},
      channels: [{ type: 'webhook', url: config.hookUrl }],
    }),
  );
}
serveIpc({ close: () => collector.close() });
process.stdout.write(`${JSON.stringify({ url: collector.url, dsn, pid: process.pid })}\n`);
