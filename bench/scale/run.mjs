// Scale-out bench (`npm run bench:scale`): 1, 2 and 3 collector processes (`startCollector` over
// PostgreSQL, as `faultline serve --db` runs them) on one PostgreSQL, one schema per point, the
// closed-loop SDK-like senders of the collector bench (64 in all, spread evenly over the
// collectors) sending @sentry/node-shaped events of 5 KB and 50 KB. Per point: accepted
// events/s, p99 of accepted requests, and the CPU each side spent per accepted event (the
// collectors' processes, and every process of the PostgreSQL server), read from /proc. On a
// 2-core machine the collectors, PostgreSQL and the senders share the cores, so the table also
// says which side used the CPU, and projects the ceiling on more cores from the per-event costs
// (clearly a projection: one collector core serves 1/collectorCpu events/s, one PostgreSQL
// core 1/pgCpu).
//
// Environment: DURATION seconds per point (8), CONNECTIONS (64), COUNTS (1,2,3), SIZES (5000,50000).

import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { closedLoop } from '../collector/closed-loop.mjs';
import { BodyPool } from '../collector/envelopes.mjs';
import { startPostgres } from '../collector/postgres.mjs';
import { spawnChild } from '../collector/spawn-child.mjs';

const DURATION = Number(process.env.DURATION ?? 8);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const COUNTS = (process.env.COUNTS ?? '1,2,3').split(',').map(Number);
const SIZES = (process.env.SIZES ?? '5000,50000').split(',').map(Number);
const TICK_MS = 10; // /proc/<pid>/stat counts clock ticks of 10 ms (USER_HZ 100)

/** User + system CPU (ms) of a process; 0 once it is gone. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes: the postmaster and its children (backends, writers). */
function pgProcesses(postmaster) {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

async function postmasterPid(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
  await client.end();
  return Number(readFileSync(`${rows[0].setting}/postmaster.pid`, 'utf8').split('\n')[0]);
}

const merged = (runs) => runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
const p99 = (sorted) => sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? Number.NaN;

async function point(server, postmaster, count, size) {
  const schema = server.schema(`scale_${count}_${size}`);
  const collectors = [];
  // One at a time: the first creates the schema and migrates; the others find it done.
  for (let i = 0; i < count; i++)
    collectors.push(
      await spawnChild(
        'collector-process.mjs',
        { store: 'postgres', connectionString: server.url, schema },
        { pin: false },
      ),
    );
  try {
    const dsn = collectors[0].dsn;
    const pool = new BodyPool({ dsn, targetBytes: size });
    pool.ensure(Math.ceil((size > 10_000 ? 800 : 3000) * (DURATION + 3)));
    const per = Math.max(1, Math.floor(CONNECTIONS / count));
    const load = (duration) =>
      Promise.all(collectors.map((c) => closedLoop({ url: c.url, dsn, pool, connections: per, duration })));
    await load(2); // warm-up: connections, caches, the JIT
    const pgPids = pgProcesses(postmaster);
    const before = { collectors: collectors.map((c) => cpuMs(c.pid)), pg: pgPids.map(cpuMs) };
    const t0 = performance.now();
    const runs = await load(DURATION);
    const seconds = (performance.now() - t0) / 1000;
    const collectorMs = collectors.reduce((n, c, i) => n + cpuMs(c.pid) - before.collectors[i], 0);
    const pgMs = pgProcesses(postmaster).reduce((n, pid) => {
      const at = pgPids.indexOf(pid);
      return n + cpuMs(pid) - (at < 0 ? 0 : before.pg[at]);
    }, 0);
    const accepted = runs.reduce((n, r) => n + r.ok, 0);
    const refused = runs.reduce((n, r) => n + r.non2xx, 0);
    return {
      count,
      size,
      rate: accepted / seconds,
      p99: p99(merged(runs)),
      refused,
      collectorCpuUs: (collectorMs * 1000) / Math.max(1, accepted),
      pgCpuUs: (pgMs * 1000) / Math.max(1, accepted),
      collectorCores: collectorMs / 1000 / seconds,
      pgCores: pgMs / 1000 / seconds,
    };
  } finally {
    for (const c of collectors) await c.stop();
  }
}

const server = await startPostgres();
try {
  const postmaster = await postmasterPid(server.url);
  const rows = [];
  for (const size of SIZES)
    for (const count of COUNTS) rows.push(await point(server, postmaster, count, size));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `\n${availableParallelism()} cores; load average after the run ${load}; ${CONNECTIONS} senders; ${DURATION} s a point\n`,
  );
  console.log(
    '| event | collectors | accepted events/s | ×1 collector | p99 ms | refused | collector CPU µs/event | PostgreSQL CPU µs/event | cores used: collectors + PostgreSQL |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const one = rows.find((x) => x.size === r.size && x.count === COUNTS[0]);
    console.log(
      `| ${r.size / 1000} KB | ${r.count} | ${r.rate.toFixed(0)} | ${(r.rate / one.rate).toFixed(2)} | ${r.p99.toFixed(0)} | ${r.refused} | ${r.collectorCpuUs.toFixed(0)} | ${r.pgCpuUs.toFixed(0)} | ${r.collectorCores.toFixed(2)} + ${r.pgCores.toFixed(2)} |`,
    );
  }
  console.log('\nProjection (not measured): events/s one core gives each side, from the per-event CPU above');
  for (const size of SIZES) {
    // The cheapest point (one collector): more processes than cores only add switching.
    const r = rows.filter((x) => x.size === size).at(0);
    console.log(
      `- ${size / 1000} KB: a collector core ${(1e6 / r.collectorCpuUs).toFixed(0)}/s, a PostgreSQL core ${(1e6 / r.pgCpuUs).toFixed(0)}/s; with N collector cores and M PostgreSQL cores, min(N × ${(1e6 / r.collectorCpuUs).toFixed(0)}, M × ${(1e6 / r.pgCpuUs).toFixed(0)}) until disk or locks bind first.`,
    );
  }
} finally {
  await server.done();
}
