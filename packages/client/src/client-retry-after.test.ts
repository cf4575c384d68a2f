import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient } from './client.js';
import { ProblemError } from './problem-error.js';
import { problem, reply, scriptedServers } from './test-support/scripted-server.js';

const quick = { budget: false as const, breaker: false as const };
const server = scriptedServers();

test('Retry-After in seconds is honoured, with up to 20 % jitter on top', async () => {
  const s = await server(reply(503, 'busy', { 'retry-after': '1' }), reply(200, { ok: true }));
  const delays: number[] = [];
  const api = createClient({
    baseUrl: s.url,
    ...quick,
    random: () => 0.5,
    onRetry: (e) => delays.push(e.delayMs),
  });
  assert.deepEqual(await api.get('/'), { ok: true });
  assert.deepEqual(delays, [1100], 'RA 1 s × (1 + 0.2 × 0.5)');
  const gap = s.seen[1]!.at - s.seen[0]!.at;
  assert.ok(gap >= 1050 && gap < 2000, `waited ${gap} ms`);
});

test('Retry-After as an HTTP-date is measured with the client clock', async () => {
  const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
  const s = await server(reply(429, '', { 'retry-after': date }), reply(200, { ok: true }));
  const delays: number[] = [];
  const api = createClient({
    baseUrl: s.url,
    ...quick,
    random: () => 0,
    now: () => Date.parse(date) - 300, // the server's date is 300 ms ahead of "now"
    onRetry: (e) => delays.push(e.delayMs),
  });
  assert.deepEqual(await api.get('/'), { ok: true });
  assert.deepEqual(delays, [300]);
  assert.ok(s.seen[1]!.at - s.seen[0]!.at >= 280);
});

test('a Retry-After past the deadline fails now with the server answer', async () => {
  const s = await server(reply(503, 'busy', { 'retry-after': '5' }), reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick, deadline: 1000 });
  const started = performance.now();
  const error = await api.get('/').catch((e: unknown) => e);
  const took = performance.now() - started;
  assert.ok(error instanceof ProblemError);
  assert.equal(error.status, 503);
  assert.equal(error.retryAfterMs, 5000);
  assert.equal(error.stop, 'deadline');
  assert.equal(error.attempts, 1);
  assert.ok(took < 500, `failed fast (${took} ms), not after the deadline`);
  assert.equal(s.seen.length, 1);
});

test('a Retry-After above maxRetryAfter is not waited for', async () => {
  const s = await server(reply(503, 'busy', { 'retry-after': '3600' }), reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick, deadline: 7_200_000 });
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.stop, 'retry-after-too-long');
  assert.equal(s.seen.length, 1);
});

test("the server's 'do not retry' signal (retryable: false) stops retries and keeps the wait", async () => {
  const overload = problem(
    503,
    { type: 'about:blank', title: 'Service Unavailable', retryable: false, retryAfter: 2, instance: 'inc-9' },
    { 'retry-after': '2' },
  );
  const s = await server(overload, reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick });
  const error = await api.get('/').catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.retryable, false);
  assert.equal(error.stop, 'server-said-no');
  assert.equal(error.retryAfterMs, 2000, 'the caller can still come back later');
  assert.equal(s.seen.length, 1);
});

test("a problem body's retryAfter is used when the header is missing", async () => {
  const s = await server(problem(429, { title: 'Too Many Requests', retryAfter: 0 }), reply(200, { ok: 1 }));
  const api = createClient({ baseUrl: s.url, ...quick, random: () => 0 });
  assert.deepEqual(await api.get('/'), { ok: 1 });
  assert.equal(s.seen.length, 2);
});
