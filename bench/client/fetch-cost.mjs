// Where a loopback call's client CPU goes on Node 20 (`node bench/client/fetch-cost.mjs`):
// fetch alone, fetch given an AbortSignal in the ways a per-attempt timeout can arm one, fetch
// with the four headers @faultline/client adds, and undici's dispatch with and without them.
// This is the profile behind the client's default transport (packages/client README,
// "Transport"). Rounds rotate the order; medians of CPU µs per call are printed.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent } from 'undici';
import { dispatchJson } from './dispatch-json.mjs';
import { closedLoop } from './overhead.mjs';
import { table } from './report.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SLOT_MS = 10;
const HEADERS = {
  accept: 'application/json, application/problem+json;q=0.9',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'x-request-id': '0af7651916cd43dd8448eb211c80319c',
  'x-faultline-timeout-ms': '10000',
};

/** One AbortController per 10 ms slot, as the client's fetch transport shares them. */
const slots = new Map();
function slotSignal() {
  const key = Math.ceil((performance.now() + 10_000) / SLOT_MS);
  let c = slots.get(key);
  if (c === undefined) {
    c = new AbortController();
    slots.set(key, c);
    setTimeout(() => slots.delete(key), 10_000 + SLOT_MS).unref();
  }
  return c.signal;
}

const server = fork(new URL('./healthy-server.mjs', import.meta.url));
const [{ port }] = await once(server, 'message');
const origin = `http://127.0.0.1:${port}`;
const url = `${origin}/hello`;
const agent = new Agent();
const json = async (res) => res.json();
const variants = [
  ['fetch', () => fetch(url).then(json)],
  ['fetch + a fresh AbortController', () => fetch(url, { signal: new AbortController().signal }).then(json)],
  ['fetch + AbortSignal.timeout()', () => fetch(url, { signal: AbortSignal.timeout(10_000) }).then(json)],
  ['fetch + a 10 ms slot signal (shared)', () => fetch(url, { signal: slotSignal() }).then(json)],
  ['fetch + the client headers', () => fetch(url, { headers: HEADERS }).then(json)],
  ['undici dispatch', () => dispatchJson(agent, origin, {})],
  ['undici dispatch + the client headers', () => dispatchJson(agent, origin, HEADERS)],
];
// Not measured: one long-lived signal for every call. Node 20's fetch adds a listener to it
// per call and removes it only when a finalizer runs, so it grows without bound (+100 µs
// per call after a few seconds in a trial run) and slows what runs after it.
for (const [, call] of variants) await closedLoop(0.3, call);
const cpu = variants.map(() => []);
for (let i = 0; i < ROUNDS; i++)
  for (let k = 0; k < variants.length; k++) {
    const j = (i + k) % variants.length;
    cpu[j].push((await closedLoop(0.5, variants[j][1])).cpuUs);
  }
server.kill();
await agent.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = median(cpu[0]);
const dispatchBase = median(cpu[5]);
console.log(
  `Client CPU per loopback GET, Node ${process.version}, ${ROUNDS} rounds of 0.5 s, 16 concurrent callers`,
);
console.log(
  table(
    ['variant', 'CPU per call (median)', 'vs its base'],
    variants.map(([name], j) => {
      const m = median(cpu[j]);
      const b = j >= 5 ? dispatchBase : base;
      return [
        name,
        `${m.toFixed(0)} µs`,
        j === 0 || j === 5 ? 'base' : `${m - b >= 0 ? '+' : ''}${(m - b).toFixed(0)} µs`,
      ];
    }),
  ),
);
process.exit(0);
