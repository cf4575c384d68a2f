import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTraceparent } from '@faultline/core';
import { createClient } from './client.js';
import { reply, scriptedServers } from './test-support/scripted-server.js';
import type { AttemptEvent } from './types.js';
import { TIMEOUT_HEADER } from './with-trace.js';

const quick = { random: () => 0, budget: false as const, breaker: false as const };
const server = scriptedServers();

test('each attempt gets a new span id in the same trace, and one X-Request-Id', async () => {
  const s = await server(reply(503), reply(503), reply(200, {}));
  const events: AttemptEvent[] = [];
  const api = createClient({ baseUrl: s.url, ...quick, onAttempt: (e) => events.push(e) });
  await api.get('/');
  const parsed = s.seen.map((r) => parseTraceparent(r.headers.traceparent as string));
  assert.ok(parsed.every((p) => p !== null));
  assert.equal(new Set(parsed.map((p) => p!.traceId)).size, 1, 'one trace');
  assert.equal(new Set(parsed.map((p) => p!.parentId)).size, 3, 'a span per attempt');
  assert.ok(parsed.every((p) => p!.sampled));
  const ids = s.seen.map((r) => r.headers['x-request-id']);
  assert.equal(new Set(ids).size, 1);
  assert.equal(ids[0], parsed[0]!.traceId, 'without a parent, the request id is the trace id');
  assert.deepEqual(
    events.map((e) => e.attempt),
    [1, 2, 3],
  );
  assert.deepEqual(
    events.map((e) => e.traceparent),
    s.seen.map((r) => r.headers.traceparent),
  );
});

test("a caller's traceparent is continued (trace id and flags kept) with its own request id", async () => {
  const s = await server(reply(200, {}));
  const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
  await createClient({ baseUrl: s.url, ...quick }).get('/', { traceparent: parent, requestId: 'req-7' });
  const tp = parseTraceparent(s.seen[0]?.headers.traceparent as string);
  assert.equal(tp?.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.notEqual(tp?.parentId, '00f067aa0ba902b7');
  assert.equal(tp?.sampled, false);
  assert.equal(s.seen[0]?.headers['x-request-id'], 'req-7');
});

test('the time left is sent so the server can stop early', async () => {
  const s = await server(reply(200, {}));
  await createClient({ baseUrl: s.url, ...quick, timeout: 2000, deadline: 60_000 }).get('/');
  const left = Number(s.seen[0]?.headers[TIMEOUT_HEADER]);
  assert.ok(left > 1900 && left <= 2000, `sent ${left}`);
  await createClient({ baseUrl: s.url, ...quick, timeout: 9000, deadline: 700 }).get('/');
  const left2 = Number(s.seen[1]?.headers[TIMEOUT_HEADER]);
  assert.ok(left2 > 600 && left2 <= 700, `the deadline is smaller: sent ${left2}`);
});

test('a hook that throws does not fail the call', async () => {
  const s = await server(reply(503), reply(200, { ok: 1 }));
  const api = createClient({
    baseUrl: s.url,
    ...quick,
    onAttempt: () => {
      throw new Error('metrics down');
    },
    onRetry: () => {
      throw new Error('logs down');
    },
  });
  assert.deepEqual(await api.get('/'), { ok: 1 });
});

test('a failed call lists the span id of every attempt it sent, in order', async () => {
  const s = await server(reply(503), reply(502), reply(504));
  const api = createClient({ baseUrl: s.url, ...quick, retry: { attempts: 3 } });
  const error: any = await api.get('/').catch((e) => e);
  assert.equal(error.code, 'FL_PROBLEM');
  const sent = s.seen.map((r) => parseTraceparent(r.headers.traceparent as string)?.parentId);
  assert.equal(sent.length, error.attempts);
  assert.deepEqual(error.spanIds, sent);
});
