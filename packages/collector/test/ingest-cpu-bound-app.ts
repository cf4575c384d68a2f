/**
 * The child process of ingest-admission-bounded-latency.test.ts: the ingest handler over a
 * recorder whose group commit burns `argv[2]` ms of CPU per request, as SQLite's inserts do, so
 * the process's own event loop is its bottleneck. Sends its URL over IPC; exits with its parent.
 */

import { Recorder, serveIngest } from './ingest-helpers.js';

const burnMs = Number(process.argv[2]);
const recorder = new Recorder();
const commit = recorder.commit;
recorder.commit = async (batches) => {
  const until = performance.now() + burnMs * batches.length;
  while (performance.now() < until);
  await commit(batches);
  // Only the counts matter here: keep the memory flat however long the load runs.
  recorder.batches.length = 0;
};
const server = await serveIngest(recorder, JSON.parse(process.env.X_INGEST ?? '{}'));
process.send?.({ url: server.url });
process.on('disconnect', () => {
  void server.close().then(() => process.exit(0));
});
