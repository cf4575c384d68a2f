// The collector under test, in its own process, wired as `faultline serve` wires it: a SQLite
// store on the data folder (default synchronous=FULL), migrated, `startCollector` with the
// admin token. Prints nothing; sends `{ url }` to the parent over IPC and closes on SIGTERM or
// when the parent goes away. The retention job is held off so the cached seed keeps its
// events (it would run hourly; a bench run is shorter, this only makes sure).

import { createSqliteStore, startCollector } from '@faultline/collector';

/** setInterval's largest delay (~24.8 days). */
const NEVER_MS = 2 ** 31 - 1;

const { dataDir, adminToken } = JSON.parse(process.argv[2] ?? '{}');
const store = createSqliteStore({ dataDir });
await store.migrate();
const collector = await startCollector({
  store,
  adminToken,
  retention: { intervalMs: NEVER_MS },
  log: (message, error) => console.error(message, error ?? ''),
});
const stop = async () => {
  await collector.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
process.send?.({ url: collector.url, pid: process.pid });
