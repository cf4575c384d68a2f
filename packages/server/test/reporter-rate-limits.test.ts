/**
 * Rate limits end to end: a receiver that answers 429 (with X-Sentry-Rate-Limits, with
 * Retry-After, with neither) and the reporter that stops sending the limited categories,
 * counts what it drops as `ratelimit_backoff` and resumes once the time has passed.
 */

import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { test } from 'node:test';
import type { RateLimitMessage } from '../src/index.js';
import { hammer, startApp } from './reporter-app.js';
import { startReceiver } from './reporter-receiver.js';

test('X-Sentry-Rate-Limits on a 429: errors stop until the deadline, drops are reported after', async (t) => {
  const receiver = await startReceiver({
    kind: 'status',
    status: 429,
    headers: { 'x-sentry-rate-limits': '0.4:error;default:key:quota_exceeded', 'retry-after': '100' },
  });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn });
  t.after(() => app.close());
  const limits: RateLimitMessage[] = [];
  const onLimit = (m: unknown) => limits.push(m as RateLimitMessage);
  diagnostics.subscribe('faultline:reporter:rate-limit', onLimit);
  t.after(() => diagnostics.unsubscribe('faultline:reporter:rate-limit', onLimit));

  await hammer(app, '/boom', 1);
  await app.faultline.flush(1000);
  assert.equal(receiver.events().length, 1);
  const until = app.faultline.reporter?.stats().errorsLimitedUntil ?? 0;
  assert.ok(until > Date.now() && until < Date.now() + 1000, 'the header won over Retry-After: 100');
  assert.deepEqual(limits.map((l) => l.category).sort(), ['default', 'error']);

  receiver.mode = { kind: 'ok' };
  const statuses = await hammer(app, '/boom', 5);
  assert.deepEqual(statuses, [500, 500, 500, 500, 500]);
  assert.equal(receiver.events().length, 1, 'nothing was sent while limited');
  const dropped = app.faultline.reporter?.stats().dropped ?? {};
  assert.equal(dropped.ratelimit_backoff, 5);
  assert.equal(dropped.rate_limited, 1, 'the event the server refused is counted locally');

  await new Promise((resolve) => setTimeout(resolve, until - Date.now() + 20));
  await hammer(app, '/boom', 1);
  await app.faultline.flush(1000);
  assert.equal(receiver.events().length, 2, 'sending resumed');
  const last = receiver.received.at(-1);
  // The server counts its own 429s; the client reports only its backoff drops.
  assert.deepEqual(last?.items[1]?.json.discarded_events, [
    { reason: 'ratelimit_backoff', category: 'error', quantity: 5 },
  ]);
});

test('Retry-After on a 429 limits every category; a bare 429 means 60 s', async (t) => {
  const receiver = await startReceiver({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn });
  t.after(() => app.close());
  await hammer(app, '/boom', 1);
  await app.faultline.flush(1000);
  const reporter = app.faultline.reporter;
  const until = reporter?.stats().errorsLimitedUntil ?? 0;
  assert.ok(Math.abs(until - (Date.now() + 30_000)) < 1000, `limited until ${until}`);
  let built = false;
  assert.equal(
    reporter?.enqueue('session', () => {
      built = true;
      return { header: {}, items: [] };
    }),
    false,
    'every category is limited',
  );
  assert.equal(built, false, 'a refused envelope is never built');

  const bare = await startReceiver({ kind: 'status', status: 429 });
  t.after(() => bare.close());
  const app2 = await startApp({ dsn: bare.dsn });
  t.after(() => app2.close());
  await hammer(app2, '/boom', 1);
  await app2.faultline.flush(1000);
  const until2 = app2.faultline.reporter?.stats().errorsLimitedUntil ?? 0;
  assert.ok(Math.abs(until2 - (Date.now() + 60_000)) < 1000, `limited until ${until2}`);
});

test('a limit on another category (sent on a 200) leaves errors flowing', async (t) => {
  const receiver = await startReceiver({
    kind: 'status',
    status: 200,
    headers: { 'x-sentry-rate-limits': '60:transaction;session:key' },
  });
  t.after(() => receiver.close());
  const app = await startApp({ dsn: receiver.dsn });
  t.after(() => app.close());
  await hammer(app, '/boom', 3, 1);
  await app.faultline.flush(1000);
  assert.equal(receiver.events().length, 3);
  assert.equal(app.faultline.reporter?.stats().errorsLimitedUntil, 0);
  assert.equal(
    app.faultline.reporter?.enqueue('session', () => ({ header: {}, items: [] })),
    false,
  );
  assert.equal(app.faultline.reporter?.stats().dropped.ratelimit_backoff, 1);
});
