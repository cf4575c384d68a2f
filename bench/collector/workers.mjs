// `npm run bench:collector:workers` (issue 18 §3): the collector end to end on SQLite (gzipped
// @sentry/node envelopes over HTTP, 200 only after commit), at max rate (closed loop), with an
// ingest worker pool of each size in WORKERS: events/s and CPU per event (all the collector's
// threads: process.cpuUsage in the child), the load average printed beside each run. Then the
// per-stage costs on this thread, in process: build (gunzip, parse, trim, scrub: the work a
// worker takes), the structured clone of its result (what a worker's answer costs), so that a
// machine with more cores can be projected from them (printed as a projection, not a measure).
//
// The collector is not pinned: a pool needs the cores. The load generator shares them, so on a
// 2-core machine the senders, the main thread and the workers compete: read the figures as that.
//
// Environment: WORKERS=0,1,2  DURATION=6 (s per run)  WARMUP=3 (s)  CONNECTIONS=32  SIZE=5000
//   ROUNDS=2 (runs per pool size, alternating, medians kept)
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { buildBatch, buildBounds } from '../../packages/collector/dist/src/ingest/build-batch.js';
import { resolveIngestOptions } from '../../packages/collector/dist/src/ingest/options.js';
import { scrubbers } from '../../packages/collector/dist/src/ingest/scrubber.js';
import { closedLoop } from './closed-loop.mjs';
import { BodyPool } from './envelopes.mjs';
import { spawnChild } from './spawn-child.mjs';

const env = process.env;
const WORKERS = (env.WORKERS ?? '0,1,2').split(',').map(Number);
const DURATION = Number(env.DURATION ?? 6);
const WARMUP_S = Number(env.WARMUP ?? 3);
const CONNECTIONS = Number(env.CONNECTIONS ?? 32);
const SIZE = Number(env.SIZE ?? 5000);
const ROUNDS = Number(env.ROUNDS ?? 2);
const STAGE_SAMPLES = 2000;

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-workers-'));
// Of an even count, the upper middle one.
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const log = (line) => console.log(`# ${line}`);

const pool = new BodyPool({ dsn: 'http://0@127.0.0.1/1', targetBytes: SIZE });

async function oneRun(workers, round) {
  const server = await spawnChild(
    'collector-process.mjs',
    { dataDir: join(dir, `sqlite-${workers}-${round}`), ingestWorkers: workers },
    { pin: false },
  );
  try {
    pool.ensure(WARMUP_S * 3000);
    await closedLoop({
      url: server.url,
      dsn: server.dsn,
      pool,
      connections: CONNECTIONS,
      duration: WARMUP_S,
    });
    pool.ensure(DURATION * 6000);
    await server.ask({ type: 'reset' }, 'reset-done');
    const r = await closedLoop({
      url: server.url,
      dsn: server.dsn,
      pool,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    const { cpu } = await server.ask({ type: 'stats' }, 'stats');
    const cpuMsPerEvent = (cpu * 1000) / r.rate;
    log(
      `workers=${workers} round ${round + 1}: ${Math.round(r.rate)} events/s, collector CPU ${cpu.toFixed(2)} cores = ${cpuMsPerEvent.toFixed(3)} ms/event, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, statuses ${JSON.stringify(r.statuses)}, load average ${load()}`,
    );
    return { rate: r.rate, cpu, cpuMsPerEvent };
  } finally {
    await server.stop();
  }
}

/** What one body costs on one thread: the worker's stage, and the clone of its answer. */
async function stageCosts() {
  const o = resolveIngestOptions();
  const bounds = buildBounds(o);
  const scrub = scrubbers(o.maxJsonDepth + 1)([]);
  const bodies = Array.from({ length: STAGE_SAMPLES }, () => pool.next());
  const job = (body) => ({
    endpoint: 'envelope',
    pathProjectId: '1',
    body,
    encoded: {
      contentEncoding: 'gzip',
      maxDecodedBytes: o.maxDecompressedBytes,
      decodedLimit: 'MAX_DECOMPRESSED_BYTES',
    },
    credentials: [{ source: 'query', publicKey: '0' }],
    projectId: 1,
    scrubKeys: [],
    receivedAt: Date.now(),
  });
  for (const b of bodies.slice(0, 200)) await buildBatch(job(b), bounds, scrub); // JIT
  let built = [];
  const t0 = process.cpuUsage();
  for (const b of bodies) built.push(await buildBatch(job(b), bounds, scrub));
  const t1 = process.cpuUsage(t0);
  const buildMs = (t1.user + t1.system) / 1000 / bodies.length;
  const c0 = process.cpuUsage();
  let bytes = 0;
  for (const b of built) {
    const wire = serialize(b);
    bytes += wire.length;
    deserialize(wire);
  }
  const c1 = process.cpuUsage(c0);
  const cloneMs = (c1.user + c1.system) / 1000 / built.length;
  built = [];
  return { buildMs, cloneMs, cloneBytes: bytes / bodies.length };
}

log(
  `${availableParallelism()} cores, load average ${load()} before; ${SIZE} B events gzipped, ${CONNECTIONS} senders, ${DURATION} s per run, ${ROUNDS} rounds`,
);
const results = new Map(WORKERS.map((w) => [w, []]));
for (let round = 0; round < ROUNDS; round++)
  for (const w of WORKERS) results.get(w).push(await oneRun(w, round));
const stages = await stageCosts();
rmSync(dir, { recursive: true, force: true });

console.log('\n| ingest workers | events/s | collector CPU (cores) | CPU per event |');
console.log('|---|---|---|---|');
const summary = new Map();
for (const w of WORKERS) {
  const rs = results.get(w);
  const s = {
    rate: median(rs.map((r) => r.rate)),
    cpu: median(rs.map((r) => r.cpu)),
    ms: median(rs.map((r) => r.cpuMsPerEvent)),
  };
  summary.set(w, s);
  console.log(`| ${w} | ${Math.round(s.rate)} | ${s.cpu.toFixed(2)} | ${s.ms.toFixed(3)} ms |`);
}
console.log(`\nPer-stage, one thread, in process (${STAGE_SAMPLES} bodies, mean):`);
console.log(
  `- build (gunzip, parse, trim, scrub: a worker's job): ${stages.buildMs.toFixed(3)} ms CPU/event`,
);
console.log(
  `- structured clone of its result (v8 serialize + deserialize, ${Math.round(stages.cloneBytes)} B): ${stages.cloneMs.toFixed(3)} ms CPU/event`,
);
const base = summary.get(0);
if (base) {
  // PROJECTION: the main thread keeps all but the build; it moves to N workers, the main thread
  // pays the clone instead. Main thread bound: 1 / (total - build + clone); workers bound:
  // N / build. Nothing here was measured on 8 cores.
  const mainMs = base.ms - stages.buildMs + stages.cloneMs;
  const cap = (n) => Math.min(1000 / mainMs, (n * 1000) / stages.buildMs);
  console.log(
    `\nPROJECTION (not a measurement): from ${base.ms.toFixed(3)} ms CPU/event without workers, of which ${stages.buildMs.toFixed(3)} ms moves to a worker and ${stages.cloneMs.toFixed(3)} ms of cloning is added to the main thread:`,
  );
  console.log(`- without workers, one core's worth: ~${Math.round(1000 / base.ms)} events/s`);
  console.log(
    `- 8 cores, 7 workers, load generated elsewhere: main thread ${mainMs.toFixed(3)} ms/event → ~${Math.round(cap(7))} events/s (the main thread is the bound; x${(cap(7) / (1000 / base.ms)).toFixed(2)})`,
  );
}
log(`load average ${load()} after`);
