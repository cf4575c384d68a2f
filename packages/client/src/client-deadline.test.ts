import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from './aborted-error.js';
import { createClient } from './client.js';
import { DeadlineError } from './deadline-error.js';
import { ProblemError } from './problem-error.js';
import { reply, scriptedServers, stallBody } from './test-support/scripted-server.js';
import { TimeoutError } from './timeout-error.js';

// Margins are generous (timeouts of 300 ms asserted under 1.5 s) so a busy CI box cannot flake.
const quick = { random: () => 0, budget: false as const, breaker: false as const };
const server = scriptedServers();

function elapsed(start: number): number {
  return performance.now() - start;
}

test('the attempt timeout fires while the body stalls, and the GET is retried', async () => {
  const s = await server(stallBody(5000), reply(200, { ok: true }));
  const api = createClient({ baseUrl: s.url, ...quick, timeout: 300 });
  const start = performance.now();
  assert.deepEqual(await api.get('/'), { ok: true });
  const took = elapsed(start);
  assert.equal(s.seen.length, 2);
  assert.ok(took >= 280 && took < 1500, `took ${took} ms`);
});

test('without retries the stalled body fails with TimeoutError, not after 5 s', async () => {
  const s = await server(stallBody(5000));
  const api = createClient({ baseUrl: s.url, ...quick, timeout: 300, retry: false });
  const start = performance.now();
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof TimeoutError, String(error));
  assert.equal(error.code, 'FL_TIMEOUT');
  assert.equal(error.timeoutMs, 300);
  assert.ok(elapsed(start) < 1500);
});

test('a streamed body keeps the attempt timeout armed until it is read', async () => {
  const s = await server(stallBody(5000));
  const api = createClient({ baseUrl: s.url, ...quick, timeout: 300, retry: false });
  const start = performance.now();
  const res = await api.request('GET', '/', { stream: true });
  assert.equal(res.status, 200, 'headers arrived');
  const error = await res.text().catch((e: unknown) => e);
  assert.ok(error instanceof TimeoutError, String(error));
  assert.ok(elapsed(start) < 1500);
});

test('a POST timing out is not retried: it may have been applied', async () => {
  const s = await server(stallBody(5000), reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick, timeout: 200 });
  const error = await api.post('/', { a: 1 }).catch((e: unknown) => e);
  assert.ok(error instanceof TimeoutError);
  assert.equal(error.stop, 'not-idempotent');
  assert.equal(s.seen.length, 1);
});

test('the overall deadline bounds the attempts', async () => {
  const s = await server(stallBody(5000));
  const api = createClient({ baseUrl: s.url, ...quick, timeout: 4000, deadline: 400 });
  const start = performance.now();
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof DeadlineError, String(error));
  assert.equal(error.code, 'FL_DEADLINE');
  assert.equal(error.stop, 'deadline');
  assert.equal(error.attempts, 1);
  const took = elapsed(start);
  assert.ok(took >= 380 && took < 1500, `took ${took} ms`);
});

test('a backoff that would outlive the deadline is not started', async () => {
  const s = await server(reply(503));
  const api = createClient({
    baseUrl: s.url,
    ...quick,
    random: () => 0.99,
    retry: { backoff: { baseMs: 5000, capMs: 5000 } },
    deadline: 1000,
  });
  const start = performance.now();
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.stop, 'deadline');
  assert.ok(elapsed(start) < 500);
});

test('the caller aborting mid-backoff stops the wait at once', async () => {
  const s = await server(reply(503), reply(200, {}));
  const controller = new AbortController();
  const reason = new Error('user navigated away');
  // Abort once the backoff has begun (a fixed delay could land before the first answer on a
  // loaded machine), and time from there.
  let start = 0;
  const api = createClient({
    baseUrl: s.url,
    ...quick,
    random: () => 0.99,
    retry: { backoff: { baseMs: 10_000, capMs: 10_000 } },
    onRetry: () => {
      start = performance.now();
      setTimeout(() => controller.abort(reason), 50);
    },
  });
  const error = await api.get('/', { signal: controller.signal }).catch((e: unknown) => e);
  const took = elapsed(start);
  assert.ok(error instanceof AbortedError, String(error));
  assert.equal(error.code, 'FL_ABORTED');
  assert.equal(error.cause, reason);
  assert.equal(error.stop, 'aborted');
  assert.deepEqual(error.delays, [9900], 'it was in a 9.9 s wait');
  assert.ok(took < 1000, `took ${took} ms`);
  assert.equal(s.seen.length, 1);
});

test('the caller aborting mid-attempt cancels the request', async () => {
  const s = await server(stallBody(5000));
  const api = createClient({ baseUrl: s.url, ...quick });
  const error = await api.get('/', { signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
  assert.ok(error instanceof AbortedError);
  assert.equal(error.attempts, 1);
});

test('an already-aborted signal sends nothing', async () => {
  const s = await server(reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick });
  const error = await api.get('/', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
  assert.ok(error instanceof AbortedError);
  assert.equal(s.seen.length, 0);
});
