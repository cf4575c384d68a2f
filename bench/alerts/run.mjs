// Alerts bench (issue 14 §7), the part this slice can measure:
//  1. ingest throughput with 100 alert rules ÷ with none: the collector (SQLite) in its own
//     process pinned to CPU 0, autocannon on CPU 1, closed loop, the collector bench's 5 KB
//     @sentry/node events; fresh databases, medians of ROUNDS rounds; two rule mixes
//     (alerts-collector.mjs): `quiet` (evaluated, rarely firing) and `firing` (the worst case).
//     Beside events/s, the collector's CPU time (all its threads) per event stored. The arms
//     alternate within and across rounds (none, 100 | 100, none | …) so drift hits both, and
//     the load average is printed. Caution: in a closed loop the group-commit size follows the
//     rate, and the CPU per event follows the commit size, so a loaded machine moves this figure
//     too (a run at 300 ev/s costs ~1,500 µs/event, one at 1,000 ev/s ~750). Then the digest
//     commit alone (commit-cost.mjs: no HTTP, COMMIT_BATCH events a commit, CPU µs per event
//     with 100 rules and with none), which does not have that coupling; and, with PROFILE=1,
//     the alert functions' own time per event (the most precise measure of the rules' cost);
//  2. the time from an event's commit to its webhook's arrival, idle: one new issue at a time,
//     a new-issue rule, a receiver in this process on 127.0.0.1;
//  3. one evaluation pass of the rate rules, 1,000 rules over 500 routes (rate-pass.mjs; SQLite,
//     and PostgreSQL when FAULTLINE_BENCH_PG_URL is set).
//
// Environment: DURATION seconds per throughput run (6), ROUNDS (3), CONNECTIONS (64),
// LATENCY_EVENTS (300; 0 skips part 2), MIXES (quiet,firing), RATE_PASS (1; 0 skips part 3),
// COMMIT_EVENTS (6000), COMMIT_BATCH (40), COMMIT_ROUNDS (5; 0 skips the commit-only part),
// THROUGHPUT (1; 0 skips the closed loop), PROFILE=1: one more closed-loop run per arm and mix
// under --cpu-prof, its alert functions summarised (alert-profile.mjs; PROFILE_DIR=path keeps
// the .cpuprofile files).
//
// Output, per mix (figures from a shared machine at load 9):
//   quiet round 1: none 332 ev/s 1493 µs/event, 100 rules 306 ev/s 1618 µs/event
//   quiet: (median of 3) none 597 ev/s 1040 µs/event, 100 rules 330 ev/s 1582 µs/event;
//     throughput ratio 0.553, CPU/event ratio 1.522; notifications received 0 per run; load average …
//   quiet, the digest commit alone (40 events a commit, median of 3): none 354 µs/event, 100 rules
//     377 µs/event, CPU/event ratio 1.066 (rounds: none 365 315 354; 100 353 377 425); load average …
//   quiet, 100 rules, under --cpu-prof: … ev/s
//     … alert code, self time in all: …; inclusive and self time of the alert functions
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedLoop } from '../collector/closed-loop.mjs';
import { BodyPool, INGEST_HEADERS, ingestPath } from '../collector/envelopes.mjs';
import { spawnChild } from '../collector/spawn-child.mjs';
import { alertProfile } from './alert-profile.mjs';
import { commitCost } from './commit-cost.mjs';
import { ratePass } from './rate-pass.mjs';

const DURATION = Number(process.env.DURATION ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const LATENCY_EVENTS = Number(process.env.LATENCY_EVENTS ?? 300);
const MIXES = (process.env.MIXES ?? 'quiet,firing').split(',');
const RATE_PASS = process.env.RATE_PASS !== '0';
const THROUGHPUT = process.env.THROUGHPUT !== '0';
const COMMIT_EVENTS = Number(process.env.COMMIT_EVENTS ?? 6000);
const COMMIT_BATCH = Number(process.env.COMMIT_BATCH ?? 40);
const COMMIT_ROUNDS = Number(process.env.COMMIT_ROUNDS ?? 5);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** A webhook receiver: counts requests, answers 200, and calls `onRequest` with the JSON body. */
async function receiver(onRequest = () => {}) {
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      count++;
      const at = performance.now();
      res.end('ok');
      onRequest(JSON.parse(Buffer.concat(chunks).toString('utf8')), at);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    get count() {
      return count;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

async function throughput(rules, hookUrl, mix, nodeArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-alerts-'));
  const c = await spawnChild(
    '../alerts/alerts-collector.mjs',
    { dataDir, rules, hookUrl, mix },
    { nodeArgs },
  );
  try {
    const pool = new BodyPool({ dsn: c.dsn, targetBytes: 5000 });
    pool.ensure(Math.ceil(3000 * (DURATION + 2)));
    await closedLoop({ url: c.url, dsn: c.dsn, pool, connections: CONNECTIONS, duration: 2 }); // warm-up
    const before = await c.ask({ type: 'stats' }, 'stats');
    await c.ask({ type: 'reset' }, 'reset-done');
    const r = await closedLoop({
      url: c.url,
      dsn: c.dsn,
      pool,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    // Asked after the loop's last answer: every acknowledged event is committed by then.
    const after = await c.ask({ type: 'stats' }, 'stats');
    const stored = after.stored - before.stored;
    return { rate: r.rate, cpuUs: after.cpuUs / Math.max(1, stored), stored: after.stored };
  } finally {
    await c.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function latency() {
  const arrivals = new Map();
  const hook = await receiver((body, at) => arrivals.set(body.event?.id, at));
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-alerts-'));
  const c = await spawnChild('../alerts/alerts-collector.mjs', { dataDir, rules: 0, hookUrl: hook.url });
  const fromAck = [];
  const fromSend = [];
  try {
    const { createSqliteStore, parseAlertRule } = await import('@faultline/collector');
    const store = createSqliteStore({ dataDir });
    await store.createAlertRule(
      1,
      parseAlertRule({
        name: 'latency',
        trigger: { type: 'new-issue' },
        channels: [{ type: 'webhook', url: hook.url }],
      }),
    );
    await store.close();
    await sleep(6_000); // the child's rule cache (ALERT_RULES_CACHE_TTL_MS) sees the rule made elsewhere
    const path = ingestPath(c.dsn);
    const headers = { ...INGEST_HEADERS };
    delete headers['content-encoding'];
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      const id = `${(i + 1).toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
      const event = { event_id: id, level: 'error', message: 'latency', fingerprint: [`bench-${i}`] };
      const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
      const sent = performance.now();
      const res = await fetch(`${c.url}${path}`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      const acked = performance.now();
      while (!arrivals.has(id)) await sleep(1);
      fromAck.push(arrivals.get(id) - acked);
      fromSend.push(arrivals.get(id) - sent);
      await sleep(20);
    }
  } finally {
    await c.stop();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { fromAck, fromSend };
}

/** One run per arm under --cpu-prof; the profile covers the child's whole life, so per event
 * means per event stored in all (warm-up included). */
async function profile(mix, hookUrl) {
  for (const rules of [0, 100]) {
    const dir = join(process.env.PROFILE_DIR ?? tmpdir(), `alerts-profile-${mix}-${rules}-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const r = await throughput(rules, hookUrl, mix, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const file = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.cpuprofile')),
    );
    console.log(`${mix}, ${rules} rules, under --cpu-prof: ${r.rate.toFixed(0)} ev/s`);
    for (const line of alertProfile(file, r.stored)) console.log(`  ${line}`);
    if (process.env.PROFILE_DIR === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs`;
const f0 = (n) => n.toFixed(0);
for (const mix of MIXES.filter(() => THROUGHPUT)) {
  console.log(`${mix}: ${load()}`);
  const hook = await receiver();
  const none = [];
  const hundred = [];
  for (let round = 0; round < ROUNDS; round++) {
    // none first in even rounds, 100 rules first in odd ones.
    const arms = round % 2 === 0 ? [0, 100] : [100, 0];
    for (const rules of arms) (rules === 0 ? none : hundred).push(await throughput(rules, hook.url, mix));
    const [n, h] = [none.at(-1), hundred.at(-1)];
    console.log(
      `${mix} round ${round + 1}: none ${f0(n.rate)} ev/s ${f0(n.cpuUs)} µs/event, 100 rules ${f0(h.rate)} ev/s ${f0(h.cpuUs)} µs/event`,
    );
  }
  if (process.env.PROFILE === '1') await profile(mix, hook.url);
  await hook.close();
  const rate = (xs) => median(xs.map((x) => x.rate));
  const cpu = (xs) => median(xs.map((x) => x.cpuUs));
  console.log(
    `${mix}: (median of ${ROUNDS}) none ${f0(rate(none))} ev/s ${f0(cpu(none))} µs/event, ` +
      `100 rules ${f0(rate(hundred))} ev/s ${f0(cpu(hundred))} µs/event; ` +
      `throughput ratio ${(rate(hundred) / rate(none)).toFixed(3)}, CPU/event ratio ${(cpu(hundred) / cpu(none)).toFixed(3)}; ` +
      `notifications received ${(hook.count / ROUNDS).toFixed(0)} per run; ${load()}`,
  );
}
for (const mix of MIXES.filter(() => COMMIT_ROUNDS > 0)) {
  const r = await commitCost({ mix, events: COMMIT_EVENTS, batch: COMMIT_BATCH, rounds: COMMIT_ROUNDS });
  console.log(
    `${mix}, the digest commit alone (${COMMIT_BATCH} events a commit, median of ${COMMIT_ROUNDS}): ` +
      `none ${f0(r.none.cpuUs)} µs/event, 100 rules ${f0(r.hundred.cpuUs)} µs/event, ` +
      `CPU/event ratio ${(r.hundred.cpuUs / r.none.cpuUs).toFixed(3)} ` +
      `(rounds: none ${r.all.none.map(f0).join(' ')}; 100 ${r.all.hundred.map(f0).join(' ')}); ${load()}`,
  );
}
if (LATENCY_EVENTS > 0) {
  const { fromAck, fromSend } = await latency();
  const f = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms`;
  console.log(
    `commit → webhook, idle, ${LATENCY_EVENTS} new issues: from the 200 ${f(fromAck)}; from the send ${f(fromSend)}`,
  );
}
if (RATE_PASS) await ratePass();
