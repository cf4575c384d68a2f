// `npm run bench:collector` (issue 4 §7): in one run, for ~5 KB and ~50 KB events,
//   (a) raw better-sqlite3 batched insert of the event rows (the disk's limit),
//   (b) the SQLite store alone (createCommit → store.write → digest),
//   (c) the collector end to end (gzipped envelopes over HTTP, 200 only after commit), on
//       SQLite, then on PostgreSQL; p99 at half its max rate; RSS idle and at 2× overload;
//       at 2× overload with senders that honour Retry-After as SDKs do, and with senders that
//       ignore it (open loop, and a closed loop resending at once),
//   (d) a bare node:http server that only gunzips and parses the same envelopes,
// and prints the ratios (b)/(a), (c)/(d) next to their targets. Servers run in child processes
// on CPU 0, the load (and (a), (b)) on CPU 1, when taskset exists. (c) and (d) alternate round
// by round so that drift hits both.
//
// Environment (defaults in brackets):
//   DURATION=5     seconds per measurement
//   WARMUP=4       seconds of load per server before its first measurement (JIT, SQLite files)
//   ROUNDS=3       rounds of (d)/(c) on SQLite, alternating, medians kept
//   OVERLOAD_ROUNDS=3  rounds of ½ max then 2× (honouring, then ignoring Retry-After) at the
//                  median max; each round's ratios are printed, the table shows the median round
//   CONNECTIONS=64 senders (connections) of the closed-loop max-rate runs
//   EVENTS=10000   events for (a)/(b) at 5 KB (a fifth at 50 KB); STORE_ROUNDS=3 rounds of them
//   SIZES=5000,50000  PG=0 skips PostgreSQL
//   OVERLOAD_ONLY=1  only the collector on SQLite: its max rate (ROUNDS closed-loop runs),
//                  ½ max and the 2× overload runs, and their rows of the table (no (a), (b), (d),
//                  PostgreSQL or profile): the admission figures in a few minutes
//   OVERLOAD_TIMELINE=1  prints, per 250 ms of each ½ max and 2× run, the accepted requests'
//                  p50/p99/max by scheduled time and what the collector accepted and refused
//                  (by reason) meanwhile: where an overload's p99 is made
//   PROFILE=1      adds a --cpu-prof run of the SQLite collector per size, summarised;
//                  PROFILE_DIR=path keeps the .cpuprofile files (for Chrome DevTools)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedLoop } from './closed-loop.mjs';
import { formatProfile, summarizeProfile } from './cpu-profile.mjs';
import { startCpu0 } from './cpu0-load.mjs';
import { BodyPool, parsedEvents } from './envelopes.mjs';
import { openLoop } from './open-loop.mjs';
import { startPostgres } from './postgres.mjs';
import { rawSqlite } from './raw-sqlite.mjs';
import { TRACE_MS } from './refusal-trace.mjs';
import { table } from './report.mjs';
import { hasTaskset, spawnChild } from './spawn-child.mjs';
import { storeOnly } from './store-only.mjs';

const env = process.env;
const DURATION = Number(env.DURATION ?? 5);
const ROUNDS = Number(env.ROUNDS ?? 3);
const OVERLOAD_ROUNDS = Number(env.OVERLOAD_ROUNDS ?? 3);
const CONNECTIONS = Number(env.CONNECTIONS ?? 64);
const EVENTS = Number(env.EVENTS ?? 10_000);
const STORE_ROUNDS = Number(env.STORE_ROUNDS ?? 3);
const SIZES = (env.SIZES ?? '5000,50000').split(',').map(Number);
const WARMUP_S = Number(env.WARMUP ?? 4);
const OVERLOAD_ONLY = env.OVERLOAD_ONLY === '1';
const OVERLOAD_TIMELINE = env.OVERLOAD_TIMELINE === '1';
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-collector-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line) => console.log(`# ${line}`);

if (hasTaskset) execFileSync('taskset', ['-apc', '1', String(process.pid)], { stdio: 'ignore' });

let step = 0;
const startCollector = (config, options) =>
  spawnChild('collector-process.mjs', { dataDir: join(dir, `sqlite-${++step}`), ...config }, options);

/** Share of CPU 0 taken by other processes past which a measurement is flagged as disturbed. */
const NOISE = 0.1;

/** Bodies for (d): the bare server stores nothing, so it may see the same ones again. */
const BARE_POOL = 5000;

/** One progress line per measurement. */
const noisy = [];
function report(label, r) {
  if (r.others > NOISE) noisy.push(`${label} (${Math.round(r.others * 100)} %)`);
  const parts = [`${Math.round(r.rate)} events/s`];
  if (r.offered !== undefined) parts.push(`${Math.round(r.offered)}/s offered`);
  if (r.cpu !== undefined) parts.push(`CPU ${r.cpu.toFixed(2)} cores`);
  if (Number.isFinite(r.others))
    parts.push(`other processes on CPU 0: ${Math.round(Math.max(0, r.others) * 100)} %`);
  parts.push(
    `p50 ${r.p50.toFixed(1)} ms`,
    `p99 ${r.p99.toFixed(1)} ms`,
    `statuses ${JSON.stringify(r.statuses)}`,
  );
  if (r.perCommit !== undefined)
    parts.push(`${r.perCommit.toFixed(1)} events/commit, ${r.commitMs.toFixed(1)} ms/commit`);
  if (r.rssPeak !== undefined) parts.push(`RSS peak ${Math.round(r.rssPeak / 2 ** 20)} MB`);
  if (r.held) parts.push(`${r.held} held back by their senders (Retry-After)`);
  if (Number.isFinite(r.fairness))
    parts.push(`fairness ${r.fairness.toFixed(2)} (accepted per sender ${r.minAccepted}-${r.maxAccepted})`);
  if (r.errors) parts.push(`${r.errors} socket errors`);
  if (r.dups) parts.push(`${r.dups} duplicate event ids (body pool ran dry)`);
  log(`${label}: ${parts.join(', ')}`);
}

/** A max-rate (closed loop) run, with the server's CPU, group-commit size and peak RSS. */
async function maxRun(server, pool, unique = true, abusive = false) {
  if (unique) {
    // Twice the warm-up rate; a faster run would send duplicates (counted in `dups`).
    pool.ensure(Math.ceil((server.expected ?? 2000) * DURATION * 2));
    pool.compact();
  }
  const reused = pool.reused;
  await server.ask({ type: 'reset' }, 'reset-done');
  const { url, dsn } = server;
  const cpu0 = startCpu0();
  const r = await closedLoop({ url, dsn, pool, connections: CONNECTIONS, duration: DURATION, abusive });
  const { commits = 0, commitMs = 0, cpu } = await server.ask({ type: 'stats' }, 'stats');
  const others = cpu0.busy() - cpu;
  const { peak } = await server.ask({ type: 'rss' }, 'rss');
  if (!abusive) server.expected = r.rate;
  const perCommit = commits > 0 ? r.ok / commits : undefined;
  const dups = unique ? pool.reused - reused : 0;
  return { ...r, cpu, others, perCommit, commitMs: commitMs / Math.max(1, commits), rssPeak: peak, dups };
}

async function warm(server, pool) {
  pool.ensure(WARMUP_S * 1500);
  const { url, dsn } = server;
  const r = await closedLoop({ url, dsn, pool, connections: CONNECTIONS, duration: WARMUP_S });
  server.expected = r.rate;
  if (r.non2xx > 0 || r.errors > 0)
    log(`warm-up of ${url}: ${JSON.stringify(r.statuses)} errors ${r.errors}`);
}

/** An open-loop run at `rate` against the collector, with its peak RSS. */
async function fixedRun(server, pool, rate, abusive = false) {
  pool.ensure(Math.ceil(rate * DURATION * 1.05));
  pool.compact();
  const reused = pool.reused;
  await server.ask({ type: 'reset' }, 'reset-done');
  const cpu0 = startCpu0();
  const timeline = OVERLOAD_TIMELINE ? [] : undefined;
  const r = await openLoop({
    url: server.url,
    dsn: server.dsn,
    pool,
    rate,
    duration: DURATION,
    abusive,
    timeline,
  });
  const { cpu, timeline: refusals } = await server.ask({ type: 'stats' }, 'stats');
  if (timeline) printTimeline(timeline, refusals ?? []);
  const others = cpu0.busy() - cpu;
  const { peak } = await server.ask({ type: 'rss' }, 'rss');
  const other = Object.entries(r.statuses).reduce((s, [k, v]) => s + (k === '200' || k === '429' ? 0 : v), 0);
  return { ...r, cpu, others, other, rssPeak: peak, dups: pool.reused - reused };
}

/** OVERLOAD_TIMELINE=1: per TRACE_MS of an open-loop run, the accepted requests' latencies (by
 * their scheduled time) and what the collector accepted and refused, by reason, meanwhile. */
function printTimeline(timeline, refusals) {
  const buckets = [];
  for (const [at, ms] of timeline) {
    const i = Math.floor(at / TRACE_MS);
    if (buckets[i] === undefined) buckets[i] = [];
    buckets[i].push(ms);
  }
  const rows = Math.max(buckets.length, refusals.length);
  for (let i = 0; i < rows; i++) {
    const xs = (buckets[i] ?? []).sort((a, b) => a - b);
    const at = (q) => (xs.length ? Math.round(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]) : '–');
    const { accepted = 0, refused = {} } = refusals[i] ?? {};
    const why = Object.entries(refused)
      .map(([reason, n]) => `${n} × ${reason}`)
      .join('; ');
    log(
      `  ${((i * TRACE_MS) / 1000).toFixed(2)} s: ${xs.length} sent then, p50 ${at(0.5)} / p99 ${at(0.99)} / max ${at(1)} ms; collector accepted ${accepted}${why ? `, refused ${why}` : ''}`,
    );
  }
}

async function httpSide(size, results, pg) {
  const kb = `${size / 1000} KB`;
  // The bodies carry no dsn header; the key travels in ?sentry_key=, so one pool fits all servers.
  const pool = new BodyPool({ dsn: 'http://0@127.0.0.1/1', targetBytes: size });
  const barePool = new BodyPool({ dsn: 'http://0@127.0.0.1/1', targetBytes: size, seed: 5 }).ensure(
    BARE_POOL,
  );
  const bare = OVERLOAD_ONLY ? undefined : await spawnChild('bare-server.mjs', {});
  const sqlite = await startCollector({ store: 'sqlite', timeline: OVERLOAD_TIMELINE });
  await sleep(1000);
  const rssIdle = (await sqlite.ask({ type: 'rss' }, 'rss')).rss;
  log(`${kb} collector idle after start: RSS ${Math.round(rssIdle / 2 ** 20)} MB`);
  if (bare) {
    bare.dsn = sqlite.dsn;
    await warm(bare, barePool);
  }
  await warm(sqlite, pool);
  const d = [];
  const c = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first each round.
    const servers = bare ? (round % 2 === 0 ? [bare, sqlite] : [sqlite, bare]) : [sqlite];
    for (const server of servers) {
      const r = server === bare ? await maxRun(bare, barePool, false) : await maxRun(sqlite, pool);
      (server === bare ? d : c).push(r);
      report(`${kb} ${server === bare ? '(d) bare server' : '(c) collector on SQLite'}, max`, r);
    }
  }
  await bare?.stop();
  const pick = (runs) => runs.find((r) => r.rate === median(runs.map((x) => x.rate)));
  const cMax = pick(c);
  // One 2× run is one draw: its ratio to ½ max swung 1.7-13 from run to run. Each round pairs a
  // ½ max run with the two 2× runs that follow it; the table shows the median round.
  const overload = [];
  for (let round = 1; round <= OVERLOAD_ROUNDS; round++) {
    const of = `round ${round}/${OVERLOAD_ROUNDS}`;
    const half = await fixedRun(sqlite, pool, cMax.rate / 2);
    report(`${kb} (c) at ½ max, open loop, ${of}`, half);
    const over = await fixedRun(sqlite, pool, cMax.rate * 2);
    report(`${kb} (c) at 2× max, open loop, ${of}`, over);
    const overAbusive = await fixedRun(sqlite, pool, cMax.rate * 2, true);
    report(`${kb} (c) at 2× max, open loop, senders ignoring Retry-After, ${of}`, overAbusive);
    const r = {
      half,
      over,
      overAbusive,
      ratio: over.p99 / half.p99,
      ratioAbusive: overAbusive.p99 / half.p99,
    };
    log(
      `${kb} ${of}: accepted p99 at 2× ÷ p99 at ½ max: ${r.ratio.toFixed(1)} (senders honouring Retry-After), ` +
        `${r.ratioAbusive.toFixed(1)} (ignoring it)`,
    );
    overload.push(r);
  }
  const medianRound = (key) => overload.find((r) => r[key] === median(overload.map((x) => x[key])));
  const { half, over } = medianRound('ratio');
  const overAbusive = { ...medianRound('ratioAbusive').overAbusive, half: medianRound('ratioAbusive').half };
  const ratios = { honouring: overload.map((r) => r.ratio), ignoring: overload.map((r) => r.ratioAbusive) };
  log(
    `${kb} accepted p99 at 2× ÷ p99 at ½ max, median of ${OVERLOAD_ROUNDS} rounds: ` +
      `${median(ratios.honouring).toFixed(1)} (${ratios.honouring.map((x) => x.toFixed(1)).join(', ')}) honouring, ` +
      `${median(ratios.ignoring).toFixed(1)} (${ratios.ignoring.map((x) => x.toFixed(1)).join(', ')}) ignoring Retry-After`,
  );
  const abusive = await maxRun(sqlite, pool, true, true);
  report(`${kb} (c) closed loop, senders resending at once`, abusive);
  await sqlite.stop();

  let pgRun;
  if (pg) {
    const schema = pg.schema(`${size}`);
    const server = await startCollector({ store: 'postgres', connectionString: pg.url, schema });
    await warm(server, pool);
    pgRun = await maxRun(server, pool);
    report(`${kb} (c) collector on PostgreSQL, max`, pgRun);
    await server.stop();
  }
  const { json, gzip } = pool.mean;
  results[size] = {
    json,
    gzip,
    rssIdle,
    d: pick(d),
    c: cMax,
    half,
    over,
    overAbusive,
    ratios,
    rssOverload: Math.max(...overload.flatMap((r) => [r.over.rssPeak, r.overAbusive.rssPeak])),
    abusive,
    pg: pgRun,
  };
}

/** (a) and (b) on the same events, with the group-commit size (c) produced, alternating. */
async function storeSide(size, result) {
  const kb = `${size / 1000} KB`;
  const batch = Math.max(1, Math.round(result.c.perCommit ?? 1));
  const count = Math.max(batch * 20, Math.round(size >= 20_000 ? EVENTS / 5 : EVENTS));
  const events = parsedEvents(count, { dsn: 'http://0@127.0.0.1/1', targetBytes: size });
  // Warm-up (JIT of digest in this process), untimed, on a throwaway database.
  const warmDir = join(dir, `warm-${size}`);
  await storeOnly({ events: events.slice(0, Math.min(events.length, 1000)), batch, dataDir: warmDir });
  rmSync(warmDir, { recursive: true, force: true });
  const a = [];
  const b = [];
  for (let round = 0; round < STORE_ROUNDS; round++) {
    for (const side of round % 2 === 0 ? [a, b] : [b, a]) {
      const dataDir = join(dir, `${side === a ? 'raw' : 'store'}-${size}-${round}`);
      const r = await (side === a ? rawSqlite : storeOnly)({ events, batch, dataDir });
      rmSync(dataDir, { recursive: true, force: true });
      side.push(r);
      log(
        `${kb} ${side === a ? '(a) raw better-sqlite3 insert' : '(b) SQLite store alone'}: ${Math.round(r.rate)} events/s, ` +
          `${batch} events/tx, ${r.commitMs.toFixed(1)} ms/tx, CPU ${Math.round(r.cpuUs)} µs/event`,
      );
    }
  }
  const pick = (runs) => runs.find((r) => r.rate === median(runs.map((x) => x.rate)));
  result.a = { ...pick(a), batch };
  result.b = pick(b);
}

/** PROFILE=1: one more max-rate run under --cpu-prof, summarised (PROFILE_DIR keeps the files). */
async function profileRun(size) {
  const profDir = join(env.PROFILE_DIR ?? dir, `profile-${size}-${process.pid}`);
  mkdirSync(profDir, { recursive: true });
  const pool = new BodyPool({ dsn: 'http://0@127.0.0.1/1', targetBytes: size, seed: 3 });
  const server = await startCollector(
    { store: 'sqlite' },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] },
  );
  await warm(server, pool);
  const r = await maxRun(server, pool);
  await server.stop();
  const file = join(
    profDir,
    readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')),
  );
  console.log(`\n### ${size / 1000} KB events, under --cpu-prof: ${Math.round(r.rate)} events/s\n`);
  console.log(formatProfile(summarizeProfile(file, 20)));
}

const started = performance.now();
const loadBefore = loadavg()[0];
const results = {};
const pg = env.PG === '0' || OVERLOAD_ONLY ? undefined : await startPostgres();
try {
  if (pg) log(`PostgreSQL at ${pg.url} (${pg.wasRunning ? 'already running' : 'started by the bench'})`);
  for (const size of SIZES) {
    await httpSide(size, results, pg);
    if (!OVERLOAD_ONLY) await storeSide(size, results[size]);
  }
  if (env.PROFILE === '1' && !OVERLOAD_ONLY) for (const size of SIZES) await profileRun(size);
} finally {
  await pg?.done();
  rmSync(dir, { recursive: true, force: true });
}

const fsType = execFileSync('stat', ['-f', '-c', '%T', tmpdir()], { encoding: 'utf8' }).trim();
console.log(
  `\nNode ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GB, ` +
    `data in ${tmpdir()} (${fsType}); collector and bare server on CPU 0, load on CPU 1${hasTaskset ? '' : ' (no taskset: unpinned)'}; ` +
    `${DURATION} s per measurement, ${ROUNDS} round(s), ${CONNECTIONS} closed-loop senders for max rates; ` +
    `SQLite WAL + synchronous=FULL; ${Math.round((performance.now() - started) / 1000)} s in all; ` +
    `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (other work on the machine skews figures)\n`,
);
console.log(table(results, SIZES, { overloadOnly: OVERLOAD_ONLY }));
if (noisy.length > 0)
  console.log(
    `\nWarning: other processes took more than ${NOISE * 100} % of CPU 0 (the servers' core) during: ` +
      `${noisy.join('; ')}. Those figures understate; rerun on a quiet machine.`,
  );
