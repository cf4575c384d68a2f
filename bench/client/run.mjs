// `npm run bench:client`: the retry-storm bench (issue 6 §3, anchors §4.3) and the overhead
// bench, in one run. Loopback only. Defaults are scaled to a shared 2-core machine (about
// 6 minutes); the environment lengthens them:
//   BENCH_RATE=300        logical requests/s (80 % of the server's capacity)
//   BENCH_CLIENTS=5       client instances per contender (a fleet of 5 pods)
//   BENCH_NORMAL_S=1.5 BENCH_FAULT_S=3 BENCH_RECOVERY_S=2   the timeline (anchors: 10/10/25)
//   BENCH_SCENARIOS=S1,S3 BENCH_CONTENDERS=got,@faultline/client   subsets
//   BENCH_KEYS=native|all  who sends Idempotency-Key on POSTs (default: only clients that can)
//   BENCH_SEEDS=3 (seeds 1..N; or BENCH_SEED=7 for one)  BENCH_OVERHEAD_S=3  BENCH_SKIP_OVERHEAD=1
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { CONTENDERS } from './contenders.mjs';
import { openLoop } from './load.mjs';
import { summarize } from './metrics.mjs';
import { runOverhead } from './overhead.mjs';
import { fmt, table } from './report.mjs';
import { compare, OURS, scenarioVerdict, stat } from './verdict.mjs';

const env = process.env;
const RATE = Number(env.BENCH_RATE ?? 300);
const CLIENTS = Number(env.BENCH_CLIENTS ?? 5);
const NORMAL_MS = Number(env.BENCH_NORMAL_S ?? 1.5) * 1000;
const FAULT_MS = Number(env.BENCH_FAULT_S ?? 3) * 1000;
const RECOVERY_MS = Number(env.BENCH_RECOVERY_S ?? 2) * 1000;
const SEEDS = env.BENCH_SEED
  ? [Number(env.BENCH_SEED)]
  : Array.from({ length: Number(env.BENCH_SEEDS ?? 3) }, (_, i) => i + 1);
const KEYS = env.BENCH_KEYS === 'all' ? 'all' : 'native';
const CAPACITY = Math.round(RATE / 0.8);
const QUEUE = Math.round(CAPACITY * 0.4);

const SCENARIOS = {
  S1: '50 % fast 503s',
  S2: '50 % fast 503s with Retry-After: 2',
  S3: 'capacity halved (offered load = 160 % of it)',
  S4: 'hard down: connection refused',
  S5: '50 % of bodies stall 3 s after the headers',
};
const pick = (all, list) => (list ? list.split(',').filter((k) => k in all) : Object.keys(all));
const scenarios = pick(SCENARIOS, env.BENCH_SCENARIOS);
const contenders = pick(CONTENDERS, env.BENCH_CONTENDERS);

function ask(child, msg, reply) {
  const got = new Promise((resolve) => {
    const on = (m) => {
      if (m.type === reply) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
  });
  child.send(msg);
  return got;
}

async function runOne(server, url, scenario, name, seed) {
  await ask(server, { type: 'reset' }, 'reset-done');
  const end = NORMAL_MS + FAULT_MS + RECOVERY_MS;
  const senders = Array.from({ length: CLIENTS }, () => (count) => CONTENDERS[name](url, count));
  const run = await openLoop({
    rate: RATE,
    durationMs: end,
    senders,
    seed,
    keys: KEYS,
    phases: [
      [NORMAL_MS, () => server.send({ type: 'fault', fault: scenario })],
      [NORMAL_MS + FAULT_MS, () => server.send({ type: 'heal' })],
    ],
  });
  const stats = await ask(server, { type: 'stats' }, 'stats');
  return { ...summarize(run, { faultStart: NORMAL_MS, faultEnd: NORMAL_MS + FAULT_MS, end }), stats };
}

/** Mean ± spread over seeds; recovery shows its median and how many seeds never recovered. */
const show = {
  x: (st) => `${fmt.x(st.mean)} ±${st.sd.toFixed(2)}`,
  pct: (st) => `${fmt.pct(st.mean)} ±${(st.sd * 100).toFixed(1)}`,
  ms: (st) => `${fmt.ms(st.mean)} ±${Math.round(st.sd)}`,
  int: (st) => (st.sd === 0 ? String(st.mean) : `${st.mean.toFixed(1)} ±${st.sd.toFixed(1)}`),
  s: (st) =>
    st.unrecovered === 0
      ? `${fmt.s(st.mean)} ±${(st.sd / 1000).toFixed(2)}`
      : `${fmt.s(st.median, RECOVERY_MS)} (${st.unrecovered}/${st.values.length} never)`,
};

async function main() {
  const started = performance.now();
  console.log(
    `client bench: ${RATE} logical req/s (Poisson, open loop) over ${CLIENTS} instances per contender; ` +
      `server capacity ${CAPACITY} req/s, queue ${QUEUE}, 5 ms service; timeline ${NORMAL_MS / 1000} s normal / ` +
      `${FAULT_MS / 1000} s fault / ${RECOVERY_MS / 1000} s recovery; 1 s per-attempt timeout, 5 s deadline; ` +
      `30 % POST (Idempotency-Key: ${KEYS === 'all' ? 'all clients' : 'only clients that generate one'}); ` +
      `seeds ${SEEDS.join(', ')} (mean ±sd over seeds; recovery: median); Node ${process.version}\n`,
  );
  const server = fork(new URL('./server.mjs', import.meta.url));
  const { port } = await ask(server, { type: 'config', capacity: CAPACITY, queue: QUEUE }, 'ready');
  const url = `http://127.0.0.1:${port}/work`;
  for (const scenario of scenarios) {
    const rows = [];
    for (const name of contenders) {
      const runs = [];
      // Seeds interleave with contenders in the outer loop order, so a noisy minute on the
      // shared machine hits one seed of each contender rather than every seed of one.
      for (const seed of SEEDS) runs.push(await runOne(server, url, scenario, name, seed));
      const pick = (k) => stat(runs.map((r) => r[k]));
      rows.push({
        name,
        ampTotal: pick('amplification'),
        ampFault: pick('faultAmp'),
        worst: pick('worst'),
        success: pick('success'),
        faultSuccess: pick('faultSuccess'),
        p99: pick('p99'),
        dup: stat(runs.map((r) => r.stats.duplicates)),
        recoverMs: pick('recoverMs'),
        unfinished: runs.reduce((a, r) => a + r.unfinished, 0),
      });
    }
    const verdicts = compare(rows);
    console.log(`${scenario}: ${SCENARIOS[scenario]}`);
    console.log(
      table(
        [
          'contender',
          'amp total',
          'amp fault',
          'amp worst 1 s',
          'success',
          'success in fault',
          'p99 ok',
          'dup POST',
          'recover',
          `vs ${OURS} (amp, success, recovery)`,
        ],
        rows.map((r) => [
          r.unfinished > 0 ? `${r.name} (${r.unfinished} hung)` : r.name,
          show.x(r.ampTotal),
          show.x(r.ampFault),
          show.x(r.worst),
          show.pct(r.success),
          show.pct(r.faultSuccess),
          show.ms(r.p99),
          show.int(r.dup),
          show.s(r.recoverMs),
          r.name === OURS ? '(reference)' : (verdicts.get(r.name)?.word ?? ''),
        ]),
      ),
    );
    for (const line of scenarioVerdict(scenario, rows, verdicts)) console.log(`- ${line}`);
    console.log('');
  }
  server.send({ type: 'exit' });
  await once(server, 'exit');
  if (!env.BENCH_SKIP_OVERHEAD) await runOverhead(Number(env.BENCH_OVERHEAD_S ?? 3));
  console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

await main();
process.exit(0);
