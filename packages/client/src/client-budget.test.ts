import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient } from './client.js';
import { ProblemError } from './problem-error.js';
import { reply, scriptedServers } from './test-support/scripted-server.js';

const server = scriptedServers();

test('under a sustained failure the budget holds the server load to 1.1×', async () => {
  const s = await server(reply(503, 'down'));
  // A frozen clock: all 50 calls fall in one budget window, so the count is exact.
  const api = createClient({ baseUrl: s.url, random: () => 0, breaker: false, now: () => 0 });
  const errors: ProblemError[] = [];
  for (let i = 0; i < 50; i++) errors.push((await api.get('/').catch((e: unknown) => e)) as ProblemError);
  assert.equal(s.seen.length, 55, '50 requests + 10 % retries');
  assert.equal(errors[0]?.stop, 'max-attempts', 'the floor let the first call use both retries');
  assert.equal(errors[0]?.budgetExhausted, false);
  const exhausted = errors.filter((e) => e.budgetExhausted);
  assert.equal(exhausted.length, 49);
  assert.ok(exhausted.every((e) => e instanceof ProblemError && e.status === 503 && e.stop === 'budget'));
  assert.deepEqual([errors[29]?.attempts, errors[30]?.attempts], [2, 1], 'call 30 earned the 3rd retry');
});

test('the budget refills as time passes and is kept per origin', async () => {
  const a = await server(reply(503));
  const b = await server(reply(503), reply(200, { ok: true }));
  let t = 0;
  const api = createClient({ random: () => 0, breaker: false, now: () => t });
  for (let i = 0; i < 5; i++) await api.get(a.url).catch(() => {});
  assert.equal(a.seen.length, 7, 'the 2/s floor is spent');
  assert.deepEqual(await api.get(b.url), { ok: true }, 'another origin has its own budget');
  assert.equal(b.seen.length, 2);
  t = 1500;
  const error = (await api.get(a.url).catch((e: unknown) => e)) as ProblemError;
  assert.equal(error.attempts, 3, 'a second later the floor is back');
});

test('budget: false lets every allowed retry through', async () => {
  const s = await server(reply(503));
  const api = createClient({ baseUrl: s.url, random: () => 0, breaker: false, budget: false, now: () => 0 });
  for (let i = 0; i < 10; i++) await api.get('/').catch(() => {});
  assert.equal(s.seen.length, 30);
});
