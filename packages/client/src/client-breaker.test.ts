import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitOpenError } from './circuit-open-error.js';
import { createClient } from './client.js';
import { ProblemError } from './problem-error.js';
import { delayed, reply, scriptedServers } from './test-support/scripted-server.js';
import type { BreakerChangeEvent } from './types.js';

const server = scriptedServers();

const fail5 = Array(5).fill(reply(503, 'down'));

test('open → fail fast → half-open with a probe limit → closed', async () => {
  const s = await server(
    ...fail5,
    delayed(150, reply(200, { probe: 1 })),
    delayed(150, reply(200, { probe: 2 })),
    reply(200, {}),
  );
  let t = 10_000;
  const changes: string[] = [];
  const api = createClient({
    baseUrl: s.url,
    retry: false,
    now: () => t,
    random: () => 0,
    breaker: { minimumThroughput: 5, openMs: 1000, probes: 2 },
    onBreakerChange: (e: BreakerChangeEvent) => changes.push(`${e.from}→${e.to}`),
  });
  for (let i = 0; i < 5; i++) await api.get('/').catch(() => {});
  assert.deepEqual(changes, ['closed→open']);
  assert.equal(api.breakerState()?.kind, 'open');

  const start = performance.now();
  const fast = await api.get('/').catch((e: unknown) => e);
  assert.ok(performance.now() - start < 50, 'failed fast');
  assert.ok(fast instanceof CircuitOpenError);
  assert.equal(fast.code, 'FL_CIRCUIT_OPEN');
  assert.equal(fast.retryAt, 11_000);
  assert.equal(fast.retryInMs, 1000);
  assert.equal(fast.attempts, 0);
  assert.equal(fast.stop, 'circuit-open');
  assert.equal(s.seen.length, 5, 'nothing was sent');

  t = 11_000;
  const calls = [api.get('/'), api.get('/'), api.get('/').catch((e: unknown) => e)];
  const [p1, p2, third] = await Promise.all(calls);
  assert.deepEqual([p1, p2], [{ probe: 1 }, { probe: 2 }]);
  assert.ok(third instanceof CircuitOpenError, 'only two probes while half-open');
  assert.deepEqual(changes, ['closed→open', 'open→half-open', 'half-open→closed']);
  assert.deepEqual(await api.get('/'), {});
  assert.equal(s.seen.length, 8);
});

test('a failing probe reopens the breaker', async () => {
  const s = await server(reply(503));
  let t = 0;
  const api = createClient({
    baseUrl: s.url,
    retry: false,
    now: () => t,
    random: () => 0,
    breaker: { consecutiveFailures: 2, openMs: 500, probes: 3 },
  });
  await api.get('/').catch(() => {});
  await api.get('/').catch(() => {});
  t = 500;
  const probe = await api.get('/').catch((e: unknown) => e);
  assert.ok(probe instanceof ProblemError, 'the probe reached the server');
  assert.deepEqual(api.breakerState(), { kind: 'open', openedAt: 500, retryAt: 1000 });
  assert.ok((await api.get('/').catch((e: unknown) => e)) instanceof CircuitOpenError);
  assert.equal(s.seen.length, 3);
});

test('4xx answers and caller aborts do not open the breaker', async () => {
  const s = await server(reply(404));
  const api = createClient({ baseUrl: s.url, retry: false, breaker: { consecutiveFailures: 3 } });
  for (let i = 0; i < 10; i++) await api.get('/').catch(() => {});
  for (let i = 0; i < 5; i++) await api.get('/', { signal: AbortSignal.abort() }).catch(() => {});
  assert.equal(api.breakerState()?.kind, 'closed');
  assert.equal(s.seen.length, 10);
});

test('retries stop at an open breaker instead of hammering the origin', async () => {
  const s = await server(reply(503));
  const api = createClient({
    baseUrl: s.url,
    random: () => 0,
    budget: false,
    breaker: { consecutiveFailures: 2, openMs: 60_000 },
  });
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof CircuitOpenError);
  assert.equal(error.attempts, 2, 'the third attempt was refused locally');
  assert.deepEqual(error.reasons, ['status 503', 'status 503']);
  assert.equal(s.seen.length, 2);
});
