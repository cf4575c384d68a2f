// Alerts bench (issue 14 §7), the part this slice can measure:
//  1. ingest throughput with 100 alert rules ÷ with none: the collector (SQLite) in its own
//     process pinned to CPU 0, autocannon on CPU 1, closed loop, the collector bench's 5 KB
//     @sentry/node events; fresh databases, runs alternating, medians; two rule mixes
//     (alerts-collector.mjs): `quiet` (evaluated, rarely firing) and `firing` (the worst case);
//  2. the time from an event's commit to its webhook's arrival, idle: one new issue at a time,
//     a new-issue rule, a receiver in this process on 127.0.0.1;
//  3. one evaluation pass of the rate rules, 1,000 rules over 500 routes (rate-pass.mjs; SQLite,
//     and PostgreSQL when FAULTLINE_BENCH_PG_URL is set).
//
// Environment: DURATION seconds per throughput run (6), ROUNDS (3), CONNECTIONS (64),
// LATENCY_EVENTS (300), MIXES (quiet,firing).

import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedLoop } from '../collector/closed-loop.mjs';
import { BodyPool, INGEST_HEADERS, ingestPath } from '../collector/envelopes.mjs';
import { spawnChild } from '../collector/spawn-child.mjs';
import { ratePass } from './rate-pass.mjs';

const DURATION = Number(process.env.DURATION ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const LATENCY_EVENTS = Number(process.env.LATENCY_EVENTS ?? 300);
const MIXES = (process.env.MIXES ?? 'quiet,firing').split(',');

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

async function throughput(rules, hookUrl, mix) {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-alerts-'));
  const c = await spawnChild('../alerts/alerts-collector.mjs', { dataDir, rules, hookUrl, mix });
  try {
    const pool = new BodyPool({ dsn: c.dsn, targetBytes: 5000 });
    pool.ensure(Math.ceil(3000 * (DURATION + 2)));
    await closedLoop({ url: c.url, dsn: c.dsn, pool, connections: CONNECTIONS, duration: 2 }); // warm-up
    const r = await closedLoop({
      url: c.url,
      dsn: c.dsn,
      pool,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    return r.rate;
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

for (const mix of MIXES) {
  const hook = await receiver();
  const none = [];
  const hundred = [];
  for (let round = 0; round < ROUNDS; round++) {
    none.push(await throughput(0, hook.url, mix));
    hundred.push(await throughput(100, hook.url, mix));
    console.log(
      `${mix} round ${round + 1}: none ${none.at(-1).toFixed(0)} ev/s, 100 rules ${hundred.at(-1).toFixed(0)} ev/s`,
    );
  }
  await hook.close();
  console.log(
    `${mix}: throughput (median of ${ROUNDS}): none ${median(none).toFixed(0)} ev/s, 100 rules ${median(hundred).toFixed(0)} ev/s, ratio ${(median(hundred) / median(none)).toFixed(3)}; notifications received ${(hook.count / ROUNDS).toFixed(0)} per run`,
  );
}
const { fromAck, fromSend } = await latency();
const f = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms`;
console.log(
  `commit → webhook, idle, ${LATENCY_EVENTS} new issues: from the 200 ${f(fromAck)}; from the send ${f(fromSend)}`,
);
await ratePass();
