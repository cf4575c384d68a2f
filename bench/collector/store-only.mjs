// (b), the SQLite store alone: createCommit(store) — store.write(tx => digestBatches(tx, …)), as
// the collector's group commit calls it — with `batch` one-event IngestBatches per commit, the
// same parsed events as (a). Grouping, counting, tags, users, releases and the fsync; no HTTP.
import { createCommit, createSqliteStore } from '@faultline/collector';

const ingestBatch = (projectId, event) => ({
  projectId,
  receivedAt: Date.now(),
  events: [{ eventId: event.event_id, event }],
  transactions: [],
  sessions: [],
  sessionAggregates: [],
  clientReports: [],
  routeRates: [],
  sampled: [],
  attachments: [],
  dropped: {},
});

/**
 * @param setup awaited before the clock starts, with the store and the project (the alerts bench
 *   creates its rules there)
 * @example const { rate } = await storeOnly({ events, batch: 40, dataDir })
 */
export async function storeOnly({ events, batch, dataDir, setup = async () => {} }) {
  const store = createSqliteStore({ dataDir });
  await store.migrate();
  const { key } = await store.ensureDefaultProject();
  await setup(store, key.projectId);
  const commit = createCommit(store);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += batch)
    await commit(events.slice(i, i + batch).map((e) => ingestBatch(key.projectId, e)));
  const seconds = (performance.now() - t0) / 1000;
  const { user, system } = process.cpuUsage(cpu0);
  const last = events.at(-1);
  if (!(await store.getEvent(last.event_id))) throw new Error('store-only: the last event was not stored');
  await store.close();
  return {
    rate: events.length / seconds,
    commitMs: (seconds * 1000 * batch) / events.length,
    cpuUs: (user + system) / events.length,
  };
}
