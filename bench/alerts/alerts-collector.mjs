// The collector under test in its own process, as bench/collector/collector-process.mjs runs it
// (`startCollector` over SQLite in `dataDir`), with `rules` alert rules on project 1 sending to
// `hookUrl` (allowed through webhookAllow). Prints `{"url","dsn","pid"}` once listening.
//
// `mix: "quiet"`: 100 rules as several teams might keep them, most filtered to what this load
// does not send (staging, another release, fatal), regression rules (no regressions here), and
// frequency rules that only the hottest issues reach; every commit evaluates all of them.
// `mix: "firing"`: the worst case, rules without filters: new-issue rules fire for every issue
// and frequency rules (100 to 1,000 events in 5 min to 1 day) for most, so the collector also
// sends well over a thousand notifications during the run.
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
function quiet(i) {
  switch (i % 5) {
    case 0:
      return { trigger: { type: 'new-issue' }, filters: { environment: 'staging' } };
    case 1:
      return { trigger: { type: 'new-issue' }, filters: { release: 'billing@0.0.1' } };
    case 2:
      return { trigger: { type: 'regression' } };
    case 3:
      return { trigger: { type: 'frequency', count: 200, windowMinutes: 5 }, filters: { level: 'fatal' } };
    default:
      return { trigger: { type: 'frequency', count: 1000, windowMinutes: WINDOWS[i % 3] } };
  }
}
function firing(i) {
  const kind = i % 5;
  if (kind === 0 || kind === 1)
    return { trigger: { type: 'new-issue' }, filters: kind === 1 ? { environment: 'staging' } : {} };
  if (kind === 2) return { trigger: { type: 'regression' } };
  return { trigger: { type: 'frequency', count: 100 + 100 * (i % 10), windowMinutes: WINDOWS[i % 3] } };
}
for (let i = 0; i < (config.rules ?? 0); i++) {
  const { trigger, filters = {} } = (config.mix === 'firing' ? firing : quiet)(i);
  await store.createAlertRule(
    1,
    parseAlertRule({
      name: `rule ${i}`,
      trigger,
      filters,
      channels: [{ type: 'webhook', url: config.hookUrl }],
    }),
  );
}
serveIpc({ close: () => collector.close() });
process.stdout.write(`${JSON.stringify({ url: collector.url, dsn, pid: process.pid })}\n`);
