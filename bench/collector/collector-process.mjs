// The collector under test, alone in its process (so its RSS is its own): `startCollector` over
// a SQLite store in `dataDir` or a PostgreSQL store in a fresh `schema`, exactly as
// `faultline serve` wires it, with project 1 and its DSN from `bootstrap`. Prints
// `{"url","dsn","pid"}` once listening. The only bench addition is a wrapper around
// `store.write` that counts commits (so the bench knows the group-commit size) and their time.
//
// Usage: node collector-process.mjs '{"store":"sqlite","dataDir":"/tmp/x"}'
//        node collector-process.mjs '{"store":"postgres","connectionString":"postgres://…","schema":"bench_1"}'
import { bootstrap, createPostgresStore, createSqliteStore, startCollector } from '@faultline/collector';
import { serveIpc } from './child-ipc.mjs';
import { refusalTrace } from './refusal-trace.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const store =
  config.store === 'postgres'
    ? createPostgresStore({ connectionString: config.connectionString, schema: config.schema })
    : createSqliteStore({ dataDir: config.dataDir });
await store.migrate();

let commits = 0;
let commitMs = 0;
const counted = new Proxy(store, {
  get(target, prop) {
    if (prop === 'write')
      return async (fn) => {
        const t0 = performance.now();
        try {
          return await target.write(fn);
        } finally {
          commits++;
          commitMs += performance.now() - t0;
        }
      };
    const value = Reflect.get(target, prop);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

// workers.mjs sets the pool size; the other runs keep the collector's default.
const ingest = config.ingestWorkers === undefined ? {} : { ingestWorkers: config.ingestWorkers };
const collector = await startCollector({ store: counted, port: 0, log: () => {}, ingest });
const { dsn } = await bootstrap(store, collector.url, 'bench-admin-token');

// Only when asked: the channels' subscribers cost every request a little.
const trace = config.timeline ? refusalTrace() : undefined;
serveIpc({
  stats: () => ({ commits, commitMs, timeline: trace?.buckets() }),
  reset: () => {
    commits = 0;
    commitMs = 0;
    trace?.reset();
  },
  close: () => collector.close(),
});
process.stdout.write(`${JSON.stringify({ url: collector.url, dsn, pid: process.pid })}\n`);
