/**
 * A collector that is down or hung costs the app nothing but the bounded queue: requests to
 * a failing route take about as long as without a DSN, the queue and the sockets in flight
 * stay at their bounds, memory does not grow with the number of errors, and every event
 * not sent is counted.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPORTER_MAX_IN_FLIGHT, REPORTER_QUEUE_SIZE } from '../src/limits.js';
import { hammer, startApp, type TestApp } from './reporter-app.js';
import { closedPortDsn, startReceiver } from './reporter-receiver.js';

async function timed(app: TestApp, n: number): Promise<number> {
  await hammer(app, '/boom', 50); // warm-up
  const started = performance.now();
  const statuses = await hammer(app, '/boom', n);
  assert.ok(
    statuses.every((s) => s === 500),
    'every request got its 500',
  );
  return performance.now() - started;
}

test('200 failing requests with the DSN on a closed port take about as long as without a DSN', async (t) => {
  const bare = await startApp({});
  t.after(() => bare.close());
  // Every error built and sent: the transport's cost, not the sampling's saving, is measured.
  const down = await startApp({ dsn: await closedPortDsn(), reporter: { sampleStorms: false } });
  t.after(() => down.close());
  const without = await timed(bare, 200);
  const withDown = await timed(down, 200);
  assert.ok(
    withDown < without * 2 + 200,
    `without a DSN ${without.toFixed(0)} ms, collector down ${withDown.toFixed(0)} ms`,
  );
  const reporter = down.faultline.reporter;
  assert.ok((reporter?.stats().queued ?? Infinity) <= REPORTER_QUEUE_SIZE);
  assert.equal(await down.faultline.flush(5000), true);
  const { dropped, sent } = reporter?.stats() ?? { dropped: {}, sent: 0 };
  assert.equal(sent, 0);
  assert.equal(
    (dropped.network_error ?? 0) + (dropped.queue_overflow ?? 0),
    250,
    `every event is accounted for: ${JSON.stringify(dropped)}`,
  );
});

test('a hung collector: queue and sockets stay at their bounds, memory does not grow with errors', async (t) => {
  const receiver = await startReceiver({ kind: 'hang' });
  t.after(() => receiver.close());
  // Unsampled, so every error reaches the queue and its bound is what is tested.
  const app = await startApp({ dsn: receiver.dsn, reporter: { sampleStorms: false } });
  t.after(() => app.close());
  await hammer(app, '/boom', 200);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  await hammer(app, '/boom', 800, 20);
  const took = performance.now() - started;
  global.gc?.();
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  const stats = app.faultline.reporter?.stats();
  assert.equal(stats?.queued, REPORTER_QUEUE_SIZE);
  assert.equal(stats?.inFlight, REPORTER_MAX_IN_FLIGHT);
  assert.equal(receiver.maxConcurrent, REPORTER_MAX_IN_FLIGHT);
  assert.equal(stats?.dropped.queue_overflow, 1000 - REPORTER_QUEUE_SIZE - REPORTER_MAX_IN_FLIGHT);
  assert.ok(took < 5000, `800 requests took ${took.toFixed(0)} ms`);
  assert.ok(heapGrowth < 32 * 1024 * 1024, `heap grew ${(heapGrowth / 1048576).toFixed(1)} MiB`);
  assert.ok(rssGrowth < 64 * 1024 * 1024, `rss grew ${(rssGrowth / 1048576).toFixed(1)} MiB`);
  // close() past its deadline: what was queued or in flight is counted as lost, not hidden.
  assert.equal(await app.faultline.close(50), false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const end = app.faultline.reporter?.stats();
  assert.equal(end?.queued, 0);
  assert.equal(end?.dropped.closed, REPORTER_QUEUE_SIZE);
  assert.equal(end?.dropped.network_error, REPORTER_MAX_IN_FLIGHT);
});
