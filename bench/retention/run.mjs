// `npm run bench:retention`: one retention pass by age on PostgreSQL, over tables of growing size,
// with the daily partitions of migration 13 (a partition dropped whole) against the batched deletes
// of one unpartitioned table (the layout and statement before it), measured in the same run on the
// same server. Per size, two schemas are filled with the same rows straight in SQL
// (generate_series: DAYS days of events, evenly spread, ending now), vacuumed, then the oldest day
// is retired once in each; also the time of a lookup by event id in both. Prints ratios.
// Environment: FAULTLINE_BENCH_PG_URL (or FAULTLINE_TEST_PG_URL), SIZES (1000000,3000000), DAYS (30),
// LOOKUPS (200).

import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createPostgresStore } from '@faultline/collector';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../../packages/collector/dist/src/store/postgres/migrations.js';
import { PostgresExecutor } from '../../packages/collector/dist/src/store/postgres/postgres-executor.js';
import { runMigrations } from '../../packages/collector/dist/src/store/sql/run-migrations.js';

const URL = process.env.FAULTLINE_BENCH_PG_URL ?? process.env.FAULTLINE_TEST_PG_URL;
const SIZES = (process.env.SIZES ?? '1000000,3000000').split(',').map(Number);
const DAYS = Number(process.env.DAYS ?? 30);
const LOOKUPS = Number(process.env.LOOKUPS ?? 200);
const DAY = 86_400_000;
/** RETENTION_BATCH_ROWS and OLD_EVENTS of store/sql/retention-sql.ts before migration 13. */
const BATCH = 10_000;
const OLD_EVENTS = 'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < $1 LIMIT $2)';
const PARTITIONS_VERSION = 13;

if (URL === undefined) {
  console.error(
    'set FAULTLINE_BENCH_PG_URL (or FAULTLINE_TEST_PG_URL): `scripts/postgres.sh start` prints one',
  );
  process.exit(2);
}

const client = async (schema) => {
  const c = new pg.Client({
    connectionString: URL,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  await c.connect();
  return c;
};

/** Fills `events` of the schema `c` is on with `n` rows over DAYS days ending at `end`; one project, one issue. */
async function fill(c, n, end) {
  await c.query("INSERT INTO projects (id, name, created_at) VALUES (1, 'bench', 0) ON CONFLICT DO NOTHING");
  const issue = await c.query(
    'INSERT INTO issues (project_id, fingerprint, grouping_version, title, culprit, level, first_seen, last_seen, times_seen) ' +
      "VALUES (1, 'bench', 'v', 'bench', 'bench', 'error', 0, 0, $1) RETURNING id",
    [n],
  );
  const start = end - DAYS * DAY;
  await c.query(
    'INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, level, title, environment, payload) ' +
      "SELECT 1, md5(g::text), $1, t, t, 'error', 'bench', 'production', '{\"bench\":true}' " +
      'FROM generate_series(0, $2 - 1) g, LATERAL (SELECT $3::bigint + (g::bigint * $4::bigint / $2) AS t) x',
    [issue.rows[0].id, n, start, DAYS * DAY],
  );
  await c.query('VACUUM ANALYZE events');
  return start;
}

async function lookupMs(c, n, sql) {
  const started = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const g = Math.floor((i * 7919 * n) / LOOKUPS) % n;
    const r = await c.query(sql, [`${g}`]);
    if (r.rows.length !== 1) throw new Error(`lookup of row ${g} found ${r.rows.length}`);
  }
  return (performance.now() - started) / LOOKUPS;
}

async function flat(n, end) {
  const schema = `bench_retention_flat_${n}`;
  const admin = await client();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const c = await client(schema);
  try {
    await c.query('BEGIN');
    await runMigrations(
      new PostgresExecutor(c),
      POSTGRES_MIGRATIONS.filter((m) => m.version < PARTITIONS_VERSION),
    );
    await c.query('COMMIT');
    let t = performance.now();
    const start = await fill(c, n, end);
    const fillS = (performance.now() - t) / 1000;
    const lookup = await lookupMs(c, n, 'SELECT id FROM events WHERE project_id = 1 AND event_id = md5($1)');
    t = performance.now();
    let deleted = 0;
    const pass = async () => {
      for (;;) {
        const r = await c.query(OLD_EVENTS, [start + DAY, BATCH]);
        deleted += r.rowCount;
        if (r.rowCount < BATCH) break;
      }
    };
    await pass();
    const passMs = performance.now() - t;
    t = performance.now();
    await pass();
    return { fillS, passMs, idleMs: performance.now() - t, deleted, lookup };
  } finally {
    await c.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

async function partitioned(n, end) {
  const schema = `bench_retention_part_${n}`;
  const admin = await client();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const store = createPostgresStore({ connectionString: URL, schema });
  const c = await client(schema);
  try {
    await store.migrate();
    for (let day = end - DAYS * DAY; day < end; day += DAY) await store.maintainPartitions(day);
    let t = performance.now();
    const start = await fill(c, n, end);
    const fillS = (performance.now() - t) / 1000;
    const lookup = await lookupMs(c, n, 'SELECT id FROM events WHERE project_id = 1 AND event_id = md5($1)');
    const strays = await c.query('SELECT count(*)::int AS n FROM events_default');
    if (strays.rows[0].n !== 0) throw new Error('rows in the default partition: a day had no partition');
    t = performance.now();
    // The store's own pass; the oldest day's partition is wholly older than start + DAY.
    const deleted = await store.deleteEvents({ olderThan: start + DAY, now: end });
    const passMs = performance.now() - t;
    t = performance.now();
    await store.deleteEvents({ olderThan: start + DAY, now: end });
    return { fillS, passMs, idleMs: performance.now() - t, deleted, lookup };
  } finally {
    await c.end();
    await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

const fmt = (x, digits = 1) => x.toFixed(digits);
console.log(
  `PostgreSQL retention pass, ${DAYS} days of events, the oldest day retired; load ${loadavg()
    .map((l) => fmt(l))
    .join(' ')}`,
);
const results = [];
for (const n of SIZES) {
  // Whole days, so both retire exactly the same rows: those of the oldest day.
  const end = Date.now() - (Date.now() % DAY) + DAY;
  const f = await flat(n, end);
  const p = await partitioned(n, end);
  results.push({ n, f, p });
  console.log(
    `${n.toLocaleString('en')} events: batched deletes ${fmt(f.passMs)} ms (${f.deleted} rows) | ` +
      `partition drop ${fmt(p.passMs)} ms (${p.deleted} rows) | ratio ${fmt(f.passMs / p.passMs)}x | ` +
      `nothing to retire ${fmt(f.idleMs)} / ${fmt(p.idleMs)} ms | ` +
      `lookup by event id ${fmt(f.lookup, 2)} / ${fmt(p.lookup, 2)} ms | fill ${fmt(f.fillS)} / ${fmt(p.fillS)} s`,
  );
}
console.log(
  '\n| events | batched deletes (ms) | partition drop (ms) | deletes / drop | nothing to retire, flat / partitioned (ms) | lookup by event id, flat / partitioned (ms) |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { n, f, p } of results)
  console.log(
    `| ${n.toLocaleString('en')} | ${fmt(f.passMs)} | ${fmt(p.passMs)} | ${fmt(f.passMs / p.passMs)}× | ` +
      `${fmt(f.idleMs)} / ${fmt(p.idleMs)} | ${fmt(f.lookup, 2)} / ${fmt(p.lookup, 2)} |`,
  );
if (results.length > 1) {
  const [a, b] = [results[0], results.at(-1)];
  console.log(
    `\ngrowth from ${a.n.toLocaleString('en')} to ${b.n.toLocaleString('en')} events (${fmt(b.n / a.n)}× the table): ` +
      `batched deletes ${fmt(b.f.passMs / a.f.passMs, 2)}×, partition drop ${fmt(b.p.passMs / a.p.passMs, 2)}×`,
  );
}
