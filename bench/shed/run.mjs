// `npm run bench:shed`: a route at 2× its capacity, open loop, with and without Faultline's
// shedder, and Fastify with @fastify/under-pressure for comparison (issue 5 §4, anchors §5 S4).
// With --pin the server runs on CPU 0 and the load generator on CPU 1 (taskset); on a machine
// shared with other work, pinning ties both to a core someone else may be saturating, so the
// default leaves placement to the scheduler.
// Options: --frameworks node,fastify  --rounds 1  --cpu-ms 4  --io-ms 20  --seconds 10  --delay-ms N  --pin
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SHED_MAX_EVENT_LOOP_DELAY_MS } from '../../packages/server/dist/src/limits.js';
import { openLoop } from './open-loop.mjs';
import { summarize, summaryTable, table } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    frameworks: { type: 'string', default: 'node,fastify' },
    rounds: { type: 'string', default: '1' },
    'cpu-ms': { type: 'string', default: '4' },
    'io-ms': { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    'delay-ms': { type: 'string' },
    pin: { type: 'boolean', default: false },
  },
});
const route = { cpuMs: Number(args['cpu-ms']), ioMs: Number(args['io-ms']) };
const overloadMs = Number(args.seconds) * 1000;
/** The load the unloaded p99 is measured at, as a share of capacity. */
const UNLOADED_SHARE = 0.25;
/** A busy but not overloaded server: a shedder should refuse (almost) nothing here. */
const BUSY_SHARE = 0.8;
const OVERLOAD = 2;
const TIMEOUT_MS = 2000;
const shedOptions = args['delay-ms'] ? { maxEventLoopDelayMs: Number(args['delay-ms']) } : true;
// under-pressure with the same delay threshold as ours; its other options at their defaults
// (sampleInterval 1000 ms, retryAfter 10 s).
const delayThreshold = args['delay-ms'] ? Number(args['delay-ms']) : SHED_MAX_EVENT_LOOP_DELAY_MS;
const underPressure = { maxEventLoopDelay: delayThreshold };

const canPin = args.pin && spawnSync('taskset', ['-V']).status === 0;
if (canPin) spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });

async function startServer(framework, guard) {
  const argv = [
    join(here, 'server.mjs'),
    framework,
    guard,
    JSON.stringify({ ...route, shed: shedOptions, underPressure }),
  ];
  const child = canPin
    ? spawn('taskset', ['-c', '0', process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  const { port } = JSON.parse(line);
  return {
    url: `http://127.0.0.1:${port}/work`,
    async stop() {
      child.kill();
      await once(child, 'exit');
    },
  };
}

function capacity(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 64, duration: 4 }, (err, r) =>
      err ? reject(err) : resolve(r['2xx'] / 4),
    );
  });
}

const load = (url, rate, durationMs) => openLoop({ url, rate, durationMs, timeoutMs: TIMEOUT_MS });

const rows = [];
for (let round = 0; round < Number(args.rounds); round++) {
  for (const framework of args.frameworks.split(',')) {
    const guards = framework === 'fastify' ? ['none', 'faultline', 'under-pressure'] : ['none', 'faultline'];
    const bare = await startServer(framework, 'none');
    await load(bare.url, 100, 1000); // JIT warm-up
    const cap = await capacity(bare.url);
    // autocannon's last requests drain for a moment; then the JIT has seen the route.
    await new Promise((r) => setTimeout(r, 1000));
    await load(bare.url, cap * UNLOADED_SHARE, 1000);
    const unloaded = summarize(await load(bare.url, cap * UNLOADED_SHARE, 5000), cap, 5000);
    await bare.stop();
    process.stderr.write(
      `${framework}: capacity ${cap.toFixed(0)}/s, unloaded p99 ${unloaded.p99.toFixed(1)} ms\n`,
    );
    for (const guard of guards) {
      const server = await startServer(framework, guard);
      await load(server.url, cap * UNLOADED_SHARE, 2000); // warm-up
      const busy = summarize(await load(server.url, cap * BUSY_SHARE, 5000), cap, 5000);
      const run = await load(server.url, cap * OVERLOAD, overloadMs);
      const row = {
        round,
        framework,
        guard,
        capacity: cap,
        unloadedP99: unloaded.p99,
        busyShed: busy.shed,
        busyP99: busy.p99,
        ...summarize(run, cap, overloadMs),
      };
      rows.push(row);
      process.stderr.write(`  ${guard}: ${JSON.stringify(row)}\n`);
      await server.stop();
    }
  }
}
console.log(
  table(rows, {
    route,
    overload: OVERLOAD,
    unloadedShare: UNLOADED_SHARE,
    busyShare: BUSY_SHARE,
    timeoutMs: TIMEOUT_MS,
    pinned: canPin,
    shed: shedOptions,
    underPressure,
  }),
);
console.log(`\nMedians over ${args.rounds} round(s):\n\n${summaryTable(rows)}`);
