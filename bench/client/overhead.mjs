// Overhead: requests/s through @faultline/client versus plain fetch against a healthy
// loopback server (closed loop, fixed concurrency), and versus plain undici request(), the
// transport the client uses by default. The machine is shared, so the clients run in short
// rounds in rotating order and the medians are reported, with the median of the per-round
// ratios. Also: client CPU per call, what the client adds over the bare call of its own
// transport, the same without the network (client-cpu.mjs), and a micro-benchmark of the
// strategies alone (budget + breaker + jitter; issue 6 target C6: ≤ 2 µs).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { CircuitBreaker, createClient, fullJitter, RetryBudget } from '@faultline/client';
import { Agent, request } from 'undici';
import { clientCpu } from './client-cpu.mjs';
import { dispatchJson } from './dispatch-json.mjs';
import { fmt, table } from './report.mjs';

const CONCURRENCY = 16;

export async function closedLoop(seconds, call) {
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
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/hello`;
  // undici 7's own Agent: its global dispatcher may be the one Node's bundled fetch made.
  const agent = new Agent();
  const ours = createClient();
  const oursOverFetch = createClient({ fetch: globalThis.fetch });
  const variants = [
    {
      name: 'plain fetch + res.json()',
      call: async () => {
        const res = await fetch(url);
        if (!res.ok) throw new Error(String(res.status));
        await res.json();
      },
    },
    {
      name: 'plain undici request() + body.json()',
      call: async () => {
        const res = await request(url, { dispatcher: agent });
        if (res.statusCode !== 200) throw new Error(String(res.statusCode));
        await res.body.json();
      },
    },
    {
      // The floor for any client over undici: one dispatch, the body collected, JSON.parse.
      name: 'bare undici dispatch() + JSON.parse',
      call: () => dispatchJson(agent, origin),
    },
    { name: '@faultline/client get()', call: () => ours.get(url), over: 2 },
    { name: '@faultline/client get() over fetch', call: () => oursOverFetch.get(url), over: 0 },
  ];
  for (const v of variants) await closedLoop(0.5, v.call);
  const rounds = Math.max(4, Math.round(seconds * 2));
  const results = variants.map(() => []);
  for (let i = 0; i < rounds; i++) {
    // Rotate the order so no variant always runs first (or right after the same neighbour).
    for (let k = 0; k < variants.length; k++) {
      const j = (i + k) % variants.length;
      results[j].push(await closedLoop(0.5, variants[j].call));
    }
  }
  server.kill();
  await agent.close();
  const fetchRounds = results[0];
  const rows = variants.map((v, j) => {
    const r = results[j];
    const rps = median(r.map((x) => x.rps));
    const ratio = median(r.map((x, i) => x.rps / fetchRounds[i].rps));
    const cpu = median(r.map((x) => x.cpuUs));
    const added =
      v.over === undefined
        ? ''
        : `${median(r.map((x, i) => x.cpuUs - results[v.over][i].cpuUs)).toFixed(1)} µs`;
    return { name: v.name, rps, ratio, cpu, added };
  });
  console.log(
    `Overhead: healthy loopback server, ${CONCURRENCY} concurrent callers, ${rounds} rounds of 0.5 s per client (order rotated)`,
  );
  console.log(
    table(
      [
        'client',
        'req/s (median)',
        'vs plain fetch (median of rounds)',
        'client CPU per call',
        'added over its transport',
      ],
      rows.map((r) => [r.name, Math.round(r.rps), fmt.x(r.ratio), `${r.cpu.toFixed(0)} µs`, r.added]),
    ),
  );
  console.log(
    '"added over its transport": the client\'s CPU per call minus that of the bare call under it ' +
      '(undici dispatch() for the default, fetch for `fetch:`), median of per-round differences.',
  );
  const cpu = await clientCpu();
  console.log(
    `client CPU per call without the network (a dispatcher that answers at once): ` +
      `${cpu.clientUs.toFixed(2)} µs for get(), ${cpu.bareUs.toFixed(2)} µs for a bare dispatch, ` +
      `so the client adds ${cpu.addedUs.toFixed(2)} µs (median of 5 × 100k sequential calls); ` +
      `strategies alone (budget + breaker + jitter): ${strategiesMicro().toFixed(2)} µs per call`,
  );
}
