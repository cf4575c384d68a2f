// Overhead: requests/s through @faultline/client versus plain fetch against a healthy
// loopback server (closed loop, fixed concurrency). The machine is shared, so the two run in
// short alternating rounds (A B, B A, ...) and the medians are reported, with the median of
// the per-pair ratios. Also: client CPU per call, and a micro-benchmark of the strategies
// alone (budget + breaker + jitter; issue 6 target C6: ≤ 2 µs).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { CircuitBreaker, createClient, fullJitter, RetryBudget } from '@faultline/client';
import { fmt, table } from './report.mjs';

const CONCURRENCY = 16;

async function closedLoop(seconds, call) {
  let n = 0;
  const stopAt = performance.now() + seconds * 1000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < stopAt) {
        await call();
        n++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { rps: n / ((performance.now() - t0) / 1000), cpuUs: (cpu.user + cpu.system) / n };
}

function strategiesMicro() {
  const budget = new RetryBudget();
  const breaker = new CircuitBreaker();
  const N = 1_000_000;
  let now = Date.now();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    now += 0.01;
    budget.recordRequest(now);
    const a = breaker.admit(now);
    if (a.allowed) breaker.success(a.ticket, now);
    fullJitter(1, {});
  }
  return ((performance.now() - t0) * 1000) / N;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function runOverhead(seconds) {
  const server = fork(new URL('./healthy-server.mjs', import.meta.url));
  const [{ port }] = await once(server, 'message');
  const url = `http://127.0.0.1:${port}/hello`;
  const api = createClient();
  const plain = async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
    await res.json();
  };
  const ours = () => api.get(url);
  await closedLoop(1, plain);
  await closedLoop(1, ours);
  const rounds = Math.max(4, Math.round(seconds * 2));
  const a = [];
  const b = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await closedLoop(0.5, plain));
      b.push(await closedLoop(0.5, ours));
    } else {
      b.push(await closedLoop(0.5, ours));
      a.push(await closedLoop(0.5, plain));
    }
  }
  server.kill();
  const ratio = median(a.map((r, i) => b[i].rps / r.rps));
  const base = { rps: median(a.map((r) => r.rps)), cpu: median(a.map((r) => r.cpuUs)) };
  const mine = { rps: median(b.map((r) => r.rps)), cpu: median(b.map((r) => r.cpuUs)) };
  console.log(
    `Overhead: healthy loopback server, ${CONCURRENCY} concurrent callers, ${rounds} alternating rounds of 0.5 s`,
  );
  console.log(
    table(
      ['client', 'req/s (median)', 'vs fetch (median of pairs)', 'client CPU per call'],
      [
        ['plain fetch + res.json()', Math.round(base.rps), '1.00×', `${base.cpu.toFixed(0)} µs`],
        ['@faultline/client get()', Math.round(mine.rps), fmt.x(ratio), `${mine.cpu.toFixed(0)} µs`],
      ],
    ),
  );
  console.log(
    `client CPU added per call: ${(mine.cpu - base.cpu).toFixed(1)} µs (median of rounds); ` +
      `strategies alone (budget + breaker + jitter): ${strategiesMicro().toFixed(2)} µs per call`,
  );
}
