import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient } from './client.js';
import { NetworkError } from './network-error.js';
import { ProblemError } from './problem-error.js';
import { closedPort, hangUp, reply, scriptedServers } from './test-support/scripted-server.js';

// random = 0: every backoff is 0 ms, so retry tests need no sleeps. budget off: rules only.
const quick = { random: () => 0, budget: false as const, breaker: false as const };
const server = scriptedServers();

test('GET is retried on 503 and succeeds; the history is empty on success', async () => {
  const s = await server(reply(503, 'busy'), reply(503, 'busy'), reply(200, { ok: 1 }));
  const api = createClient({ baseUrl: s.url, ...quick });
  assert.deepEqual(await api.get('/thing'), { ok: 1 });
  assert.equal(s.seen.length, 3);
  assert.deepEqual(
    s.seen.map((r) => r.url),
    ['/thing', '/thing', '/thing'],
  );
});

test('at most 3 attempts by default; the error says why it stopped', async () => {
  const s = await server(reply(503, 'busy'));
  const api = createClient({ baseUrl: s.url, ...quick });
  const error = await api.get('/x').catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.status, 503);
  assert.equal(error.attempts, 3);
  assert.deepEqual(error.reasons, ['status 503', 'status 503']);
  assert.deepEqual(error.delays, [0, 0]);
  assert.equal(error.stop, 'max-attempts');
  assert.equal(error.budgetExhausted, false);
  assert.equal(s.seen.length, 3);
});

test('each default retry status is retried: 408 429 502 503 504', async () => {
  for (const status of [408, 429, 502, 503, 504]) {
    const s = await server(reply(status), reply(200, { status }));
    const api = createClient({ baseUrl: s.url, ...quick });
    assert.deepEqual(await api.get('/'), { status });
    assert.equal(s.seen.length, 2, `status ${status}`);
  }
});

test('500 and 4xx are not retried; 500 is when configured', async () => {
  for (const status of [500, 400, 404, 409, 422]) {
    const s = await server(reply(status), reply(200, {}));
    const error = await createClient({ baseUrl: s.url, ...quick })
      .get('/')
      .catch((e: unknown) => e);
    assert.ok(error instanceof ProblemError && error.status === status);
    assert.equal(error.stop, 'not-retryable');
    assert.equal(s.seen.length, 1, `status ${status}`);
  }
  const s = await server(reply(500), reply(200, { fixed: true }));
  const api = createClient({ baseUrl: s.url, ...quick, retry: { statuses: [500, 503] } });
  assert.deepEqual(await api.get('/'), { fixed: true });
  assert.equal(s.seen.length, 2);
});

test('POST without an Idempotency-Key is not retried after a 503', async () => {
  const s = await server(reply(503), reply(201, { created: true }));
  const error = await createClient({ baseUrl: s.url, ...quick })
    .post('/orders', { sku: 'A1' })
    .catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.stop, 'not-idempotent');
  assert.equal(s.seen.length, 1);
  assert.equal(s.seen[0]?.headers['idempotency-key'], undefined);
});

test('POST with idempotencyKey: true is retried with the same key on every attempt', async () => {
  const s = await server(reply(503), reply(502), reply(201, { created: true }));
  const api = createClient({ baseUrl: s.url, ...quick });
  assert.deepEqual(await api.post('/orders', { sku: 'A1' }, { idempotencyKey: true }), { created: true });
  assert.equal(s.seen.length, 3);
  const keys = s.seen.map((r) => r.headers['idempotency-key']);
  assert.match(keys[0] as string, /^"[0-9a-f-]{36}"$/);
  assert.equal(new Set(keys).size, 1, 'one key per logical request');
  assert.deepEqual(
    s.seen.map((r) => r.body),
    Array(3).fill('{"sku":"A1"}'),
    'the body is replayed',
  );
  // a second logical request gets a new key
  await api.post('/orders', { sku: 'A2' }, { idempotencyKey: true });
  assert.notEqual(s.seen[3]?.headers['idempotency-key'], keys[0]);
});

test('idempotencyKeys: true keys every POST/PATCH; a caller key is sent as given', async () => {
  const s = await server(reply(503), reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick, idempotencyKeys: true });
  await api.patch('/o/1', { n: 1 });
  assert.equal(s.seen.length, 2);
  assert.ok(s.seen[0]?.headers['idempotency-key']);
  await api.post('/o', {}, { idempotencyKey: 'order-77' });
  assert.equal(s.seen[2]?.headers['idempotency-key'], 'order-77');
});

test('ECONNREFUSED (a closed port) is retried, keeps its cause, and is safe even for POST', async () => {
  const port = await closedPort();
  const api = createClient({ baseUrl: `http://127.0.0.1:${port}`, ...quick });
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof NetworkError);
  assert.equal(error.code, 'FL_NETWORK');
  assert.equal(error.errno, 'ECONNREFUSED');
  assert.equal(error.attempts, 3);
  assert.deepEqual(error.reasons, ['ECONNREFUSED', 'ECONNREFUSED']);
  assert.ok(error.cause instanceof Error, 'the fetch error is the cause');
  const post = await api.post('/', {}).catch((e: unknown) => e);
  assert.ok(post instanceof NetworkError);
  assert.equal(post.attempts, 3, 'connection refused proves the POST was never sent');
});

test('a socket hang-up is retried for GET but not for a POST without a key', async () => {
  const s = await server(hangUp, reply(200, { ok: true }));
  const api = createClient({ baseUrl: s.url, ...quick });
  assert.deepEqual(await api.get('/'), { ok: true });
  assert.equal(s.seen.length, 2);
  const s2 = await server(hangUp, reply(200, { ok: true }));
  const error = await createClient({ baseUrl: s2.url, ...quick })
    .post('/', {})
    .catch((e: unknown) => e);
  assert.ok(error instanceof NetworkError);
  assert.equal(error.errno, 'UND_ERR_SOCKET');
  assert.equal(error.stop, 'not-idempotent');
  assert.equal(s2.seen.length, 1);
});

test('retry: false and per-call attempts', async () => {
  const s = await server(reply(503));
  const api = createClient({ baseUrl: s.url, ...quick, retry: false });
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError && error.attempts === 1 && error.stop === 'max-attempts');
  await api.get('/', { retry: { attempts: 2 } }).catch(() => {});
  assert.equal(s.seen.length, 3);
});

test('backoff waits grow with full jitter and onRetry reports each one', async () => {
  const s = await server(reply(503), reply(503), reply(200, {}));
  const events: Array<{ attempt: number; delayMs: number; reason: string }> = [];
  const api = createClient({
    baseUrl: s.url,
    ...quick,
    random: () => 0.5,
    onRetry: ({ attempt, delayMs, reason }) => events.push({ attempt, delayMs, reason }),
  });
  await api.get('/');
  assert.deepEqual(events, [
    { attempt: 1, delayMs: 50, reason: 'status 503' },
    { attempt: 2, delayMs: 100, reason: 'status 503' },
  ]);
  const gaps = [s.seen[1]!.at - s.seen[0]!.at, s.seen[2]!.at - s.seen[1]!.at];
  assert.ok(gaps[0]! >= 45 && gaps[1]! >= 95, `waited ${gaps}`);
});
