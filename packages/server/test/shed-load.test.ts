/**
 * The shedder against a real overload: a child process serves a route that burns 25 ms of
 * CPU, requests arrive three times faster than it can serve them; requests must be refused with 503 + Retry-After soon after
 * the load starts, health checks must keep passing, nothing may be logged as an error, and
 * once the load stops the server must serve every request again.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { SHED_RETRY_AFTER_MAX_SECONDS, SHED_RETRY_AFTER_MIN_SECONDS, SHED_SETTLE_MS } from '../src/limits.js';
import { waitFor } from './helpers.js';

/** Loop time from the start of the overload to the first refusal: the issue asks for 100 ms
 * (under-pressure samples once a second). Counted in the overloading requests that ran before
 * the first 503 (each blocks the loop BURN_MS), not in wall-clock time: when the test process
 * itself is starved on a busy CI machine, the overload starts later than its first request. */
const REACTION_BOUND_MS = 100;
/** 25 ms of CPU per request and one every 8 ms: three times what the loop can serve. */
const BURN_MS = 25;
const ARRIVAL_MS = 8;
const LOAD_MS = 1500;

let child: ChildProcess;
let url: string;
const states: { at: number; message: Record<string, any> }[] = [];

before(async () => {
  child = fork(new URL('./shed-load-app.js', import.meta.url), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (m: any) => {
    if (m.type === 'state') states.push(m);
  });
  const [port] = await new Promise<[number]>((resolve) =>
    child.on('message', (m: any) => m.type === 'port' && resolve([m.port])),
  );
  url = `http://127.0.0.1:${port}`;
});

after(() => {
  child.kill();
});

async function stats(): Promise<Record<string, any>> {
  child.send('stats');
  for (;;) {
    const [m] = (await once(child, 'message')) as [Record<string, any>];
    if (m.type === 'stats') return m;
  }
}

test('a saturated loop sheds with 503 + Retry-After, keeps health checks, and recovers', async () => {
  // Start-up (imports, the IPC channel) is over once the shedder reads a calm loop.
  for (let tries = 0; (await stats()).stats.eventLoopDelayMs >= 5; tries++) {
    assert.ok(tries < 100, 'the child settles after start-up');
    await new Promise((r) => setTimeout(r, 50));
  }
  // (That an idle server refuses nothing is shed-controller's test: on a CI machine shared with
  // other work, an idle process that is not scheduled for 100 ms is rightly shedding.)
  const before = states.length;
  // The first fetch of a process loads undici and opens sockets: done here, not in the load.
  for (let i = 0; i < 5; i++) await (await fetch(`${url}/healthz`)).text();

  const statuses = new Map<number, number>();
  const retryAfters = new Set<number>();
  const health: number[] = [];
  let badBody: string | undefined;
  const stopAt = performance.now() + LOAD_MS;
  const call = async () => {
    const res = await fetch(`${url}/burn?ms=${BURN_MS}&load`);
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status !== 503) return;
    retryAfters.add(Number(res.headers.get('retry-after')));
    const body = JSON.parse(text);
    if (
      res.headers.get('content-type') !== 'application/problem+json' ||
      body.status !== 503 ||
      body.instance !== res.headers.get('x-request-id')
    ) {
      badBody = text;
    }
  };
  // Open loop: a request every ARRIVAL_MS whatever the answers, as traffic arrives.
  const calls: Promise<void>[] = [];
  const arrivals = async () => {
    for (let next = performance.now(); next < stopAt; next += ARRIVAL_MS) {
      calls.push(call());
      const wait = next + ARRIVAL_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(calls);
  };
  const prober = async () => {
    while (performance.now() < stopAt) {
      const res = await fetch(`${url}/healthz`);
      await res.text();
      health.push(res.status);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await Promise.all([arrivals(), prober()]);

  const shed = statuses.get(503) ?? 0;
  assert.ok(shed > 0, `requests were shed: ${JSON.stringify([...statuses])}`);
  assert.ok((statuses.get(200) ?? 0) > 0, 'and some were served');
  assert.deepEqual([...statuses.keys()].sort(), [200, 503], 'nothing but 200 and 503');
  assert.equal(badBody, undefined, 'every 503 is a problem body with the request id');
  for (const s of retryAfters) {
    assert.ok(s >= SHED_RETRY_AFTER_MIN_SECONDS && s <= SHED_RETRY_AFTER_MAX_SECONDS, `Retry-After ${s}`);
  }
  assert.ok(retryAfters.size > 1, 'Retry-After is jittered');
  assert.ok(health.length > 0 && health.every((s) => s === 200), `health checks all passed: ${health}`);

  const during = await stats();
  assert.equal(during.errorLines, 0, 'a refusal is not logged as an error');
  assert.equal(during.stats.shed, shed);
  const started = states.slice(before).find((s) => s.message.state === 'shedding');
  assert.ok(started, 'a shedding state message was published');
  // The request running when the overload shows, then at most REACTION_BOUND_MS of others.
  const loopMs = during.admittedBeforeRefusal * BURN_MS;
  assert.ok(
    loopMs <= REACTION_BOUND_MS + BURN_MS,
    `${during.admittedBeforeRefusal} requests ran before the first 503`,
  );
  const wallMs = during.firstRefusalAt - during.firstBurnAt;
  console.log(
    `# shed-load: ${shed} of ${shed + (statuses.get(200) ?? 0)} shed; first 503 after ${during.admittedBeforeRefusal} requests (${loopMs} ms of loop), ${wallMs.toFixed(0)} ms`,
  );

  // Recovery: the shedder announces 'ok' once it has not shed for SHED_SETTLE_MS ...
  const ended = await waitFor(
    () => states.slice(states.indexOf(started)).find((s) => s.message.state === 'ok'),
    SHED_SETTLE_MS + 3000,
  );
  assert.ok(ended.message.shed >= 1, 'the episode counted its refusals');
  // ... and from then on every request is served.
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${url}/burn?ms=2`);
    await res.text();
    assert.equal(res.status, 200, `request ${i} after the load`);
  }
  const final = await stats();
  assert.equal(final.stats.state, 'ok');
  assert.equal(final.stats.probability, 0);
  assert.equal(final.stats.shed, shed);
});
