/**
 * The reporter's transport against a real HTTP receiver: envelope URL and auth, gzip,
 * batching with bounded concurrency, the bounded queue, timeouts, send and network errors,
 * and the client reports that tell the server about every drop.
 */

import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { test } from 'node:test';
import type { DropMessage, SendMessage } from '../src/index.js';
import { hammer, startApp } from './reporter-app.js';
import { closedPortDsn, startReceiver } from './reporter-receiver.js';

test('a 500 becomes one gzipped envelope, authenticated in the query string', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn, release: 'orders@1.0.0' });
  t.after(() => app.close());
  const res = await app.get('/boom');
  assert.equal(res.status, 500);
  const problem: any = await res.json();
  await receiver.waitFor(() => receiver.received.length === 1);
  const [env] = receiver.received;
  assert.equal(env?.path, '/api/1/envelope/');
  assert.equal(env?.query.get('sentry_version'), '7');
  assert.equal(env?.query.get('sentry_key'), 'publickey');
  assert.match(env?.query.get('sentry_client') ?? '', /^faultline\.server\/\d+\.\d+\.\d+/);
  assert.equal(env?.headers['content-type'], 'application/x-sentry-envelope');
  assert.equal(env?.headers['x-sentry-auth'], undefined);
  assert.equal(env?.gzip, true, 'an event with frames is over the gzip threshold');
  const event: any = env?.items[0]?.json;
  assert.equal(env?.header.event_id, event.event_id);
  assert.match(event.event_id, /^[0-9a-f]{32}$/);
  assert.equal(event.tags.request_id, problem.instance, 'the incident id the caller saw');
  assert.equal(env?.header.trace.trace_id, problem.traceId);
  assert.equal(env?.header.trace.public_key, 'publickey');
  assert.equal(env?.header.trace.release, 'orders@1.0.0');
  assert.ok(typeof env?.header.sent_at === 'string');
  await app.faultline.flush(1000);
  assert.equal(app.faultline.reporter?.stats().sent, 1);
});

test("auth: 'header' sends X-Sentry-Auth and no query string", async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn, reporter: { auth: 'header' } });
  t.after(() => app.close());
  await (await app.get('/boom')).arrayBuffer();
  await receiver.waitFor(() => receiver.received.length === 1);
  const env = receiver.received[0];
  assert.equal([...(env?.query.keys() ?? [])].length, 0);
  assert.match(
    String(env?.headers['x-sentry-auth']),
    /^Sentry sentry_version=7, sentry_client=faultline\.server\/[\d.]+, sentry_key=publickey$/,
  );
});

test('a burst is sent concurrently, never more than maxInFlight requests at once', async (t) => {
  const receiver = await startReceiver({ kind: 'ok', delayMs: 40 });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn, reporter: { maxInFlight: 3, sampleStorms: false } });
  t.after(() => app.close());
  await hammer(app, '/boom', 12, 12);
  assert.equal(await app.faultline.flush(5000), true);
  assert.equal(receiver.events().length, 12);
  // Each answer takes 40 ms, so the 12 sends overlapped: exactly 3 at a time at the peak.
  // (No wall-clock assertion: it flakes on a loaded machine; the peak is the evidence.)
  assert.equal(receiver.maxConcurrent, 3);
});

test('a full queue refuses and counts; the server later gets a client_report (queue_overflow)', async (t) => {
  const receiver = await startReceiver({ kind: 'ok', delayMs: 100 });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn, reporter: { queueSize: 2, maxInFlight: 1 } });
  t.after(() => app.close());
  const statuses = await hammer(app, '/boom', 20, 20);
  assert.deepEqual(new Set(statuses), new Set([500]), 'every caller still got its 500');
  const overflow = app.faultline.reporter?.stats().dropped.queue_overflow ?? 0;
  assert.ok(overflow >= 10, `dropped ${overflow}`);
  assert.ok((app.faultline.reporter?.stats().queued ?? 99) <= 2);
  assert.equal(await app.faultline.flush(5000), true);
  assert.equal(receiver.events().length + overflow, 20, 'every event was sent or counted');
  assert.equal(receiver.discarded()['queue_overflow:error'], overflow);
});

test('413 and 500 answers are send_error; the counts ride on the next envelope', async (t) => {
  const receiver = await startReceiver({ kind: 'status', status: 413 });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn });
  t.after(() => app.close());
  const drops: DropMessage[] = [];
  const onDrop = (m: unknown) => drops.push(m as DropMessage);
  diagnostics.subscribe('faultline:reporter:drop', onDrop);
  await (await app.get('/boom')).arrayBuffer();
  await app.faultline.flush(2000);
  receiver.mode = { kind: 'status', status: 500 };
  await (await app.get('/boom')).arrayBuffer();
  await app.faultline.flush(2000);
  assert.equal(app.faultline.reporter?.stats().dropped.send_error, 2);
  assert.deepEqual(
    drops.map((d) => [d.reason, (d.error as any)?.code, (d.error as any)?.status]),
    [
      ['send_error', 'FL_REPORTER_SEND', 413],
      ['send_error', 'FL_REPORTER_SEND', 500],
    ],
  );
  // flush() sent each pending report on its own: small, so not gzipped. The one the 413
  // answered was read by the server; the one the 500 answered was put back.
  const alone = receiver.received.filter((e) => e.items.length === 1 && e.items[0]?.type === 'client_report');
  assert.equal(alone.length, 2);
  assert.equal(alone[0]?.gzip, false, 'a small envelope is not compressed');
  assert.deepEqual(alone[0]?.header, { sent_at: alone[0]?.header.sent_at });
  assert.deepEqual(alone[0]?.items[0]?.json.discarded_events, [
    { reason: 'send_error', category: 'error', quantity: 1 },
  ]);
  receiver.mode = { kind: 'ok' };
  await (await app.get('/boom')).arrayBuffer();
  await app.faultline.flush(2000);
  const last = receiver.received.at(-1);
  assert.deepEqual(
    last?.items.map((i) => i.type),
    ['event', 'client_report'],
  );
  assert.deepEqual(last?.items[1]?.json.discarded_events, [
    { reason: 'send_error', category: 'error', quantity: 1 },
  ]);
  diagnostics.unsubscribe('faultline:reporter:drop', onDrop);
});

test('a server that hangs costs one slot until the timeout; counted as network_error', async (t) => {
  const receiver = await startReceiver({ kind: 'hang' });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn, reporter: { timeoutMs: 150 } });
  t.after(() => app.close());
  const started = Date.now();
  const res = await app.get('/boom');
  assert.equal(res.status, 500);
  assert.ok(Date.now() - started < 100, 'the caller does not wait for the reporter');
  await res.arrayBuffer();
  assert.equal(await app.faultline.flush(2000), true);
  const took = Date.now() - started;
  assert.ok(took >= 140 && took < 1500, `timed out after ${took} ms`);
  assert.equal(app.faultline.reporter?.stats().dropped.network_error, 1);
  receiver.mode = { kind: 'ok' };
  await (await app.get('/boom')).arrayBuffer();
  await app.faultline.flush(2000);
  // The report flush() tried to send alone also hung; it was put back and came with this one.
  const last = receiver.received.at(-1);
  assert.deepEqual(last?.items[1]?.json.discarded_events, [
    { reason: 'network_error', category: 'error', quantity: 1 },
  ]);
});

test('a closed port: network_error, counted and published; sends are published too', async (t) => {
  const app = await startApp({ dsn: await closedPortDsn() });
  t.after(() => app.close());
  const drops: DropMessage[] = [];
  const onDrop = (m: unknown) => drops.push(m as DropMessage);
  diagnostics.subscribe('faultline:reporter:drop', onDrop);
  await (await app.get('/boom')).arrayBuffer();
  await app.faultline.flush(2000);
  diagnostics.unsubscribe('faultline:reporter:drop', onDrop);
  assert.equal(app.faultline.reporter?.stats().dropped.network_error, 1);
  assert.equal(drops[0]?.reason, 'network_error');
  assert.match(drops[0]?.eventId ?? '', /^[0-9a-f]{32}$/);
  assert.equal((drops[0]?.error as any)?.code, 'FL_REPORTER_SEND');

  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const ok = await startApp({ dsn: receiver.dsn });
  t.after(() => ok.close());
  const sends: SendMessage[] = [];
  const onSend = (m: unknown) => sends.push(m as SendMessage);
  diagnostics.subscribe('faultline:reporter:send', onSend);
  await (await ok.get('/boom')).arrayBuffer();
  await ok.faultline.flush(2000);
  diagnostics.unsubscribe('faultline:reporter:send', onSend);
  assert.equal(sends.length, 1);
  assert.equal(sends[0]?.status, 200);
  assert.deepEqual(sends[0]?.items, ['event']);
  assert.equal(sends[0]?.gzip, true);
  assert.equal(sends[0]?.bytes, receiver.received[0]?.wireBytes);
});

test('close(): flushes, then later errors are dropped as closed and only logged', async (t) => {
  const receiver = await startReceiver({ kind: 'ok', delayMs: 30 });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn });
  t.after(() => app.close());
  await (await app.get('/boom')).arrayBuffer();
  assert.equal(await app.faultline.close(2000), true);
  assert.equal(receiver.events().length, 1);
  const res = await app.get('/boom');
  assert.equal(res.status, 500);
  await res.arrayBuffer();
  assert.equal(app.faultline.reporter?.stats().dropped.closed, 1);
});

test('close() past its deadline aborts requests in flight and drops what is queued', async (t) => {
  const receiver = await startReceiver({ kind: 'hang' });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn, reporter: { maxInFlight: 1 } });
  t.after(() => app.close());
  await hammer(app, '/boom', 3, 3);
  const started = Date.now();
  assert.equal(await app.faultline.close(100), false);
  assert.ok(Date.now() - started < 500);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const { dropped, queued, inFlight } = app.faultline.reporter?.stats() ?? ({} as any);
  assert.equal(queued, 0);
  assert.equal(inFlight, 0);
  assert.equal((dropped.closed ?? 0) + (dropped.network_error ?? 0), 3);
});
