/**
 * End to end: a middleware 500 → the reporter → a real Faultline collector (SQLite in a temp
 * directory) → the event found by the incident id the caller saw, with its trace, service,
 * route and release; drops arrive as client reports; both auth styles are accepted.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAULTLINE_SDK_NAME } from '@faultline/core';
import { useRealCollector } from './real-collector.js';
import { hammer, startApp } from './reporter-app.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const real = useRealCollector('reporter');

for (const auth of ['query', 'header'] as const) {
  test(`a 500 is stored and found by the caller's incident id (${auth} auth)`, async (t) => {
    const app = await startApp({
      dsn: real.dsn,
      service: 'checkout',
      release: 'shop@1.0.0',
      reporter: { auth },
    });
    t.after(() => app.close());
    const res = await app.get('/boom?token=abc', {
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, 'x-request-id': `req-${auth}-1` },
    });
    assert.equal(res.status, 500);
    const problem: any = await res.json();
    assert.equal(problem.instance, `req-${auth}-1`);
    assert.equal(await app.faultline.flush(5000), true);
    assert.equal(app.faultline.reporter?.stats().sent, 1, JSON.stringify(app.faultline.reporter?.stats()));

    const { events } = await real.store.findIncidents({ id: problem.instance, limit: 2 });
    assert.equal(events.length, 1, 'the collector has the event under the request id');
    const found = events[0]!;
    assert.equal(found.requestId, problem.instance);
    assert.equal(found.traceId, TRACE_ID);
    assert.equal(found.parentSpanId, '00f067aa0ba902b7');
    assert.equal(found.service, 'checkout');
    assert.equal(found.transaction, 'GET /boom');
    assert.equal(found.release, 'shop@1.0.0');
    assert.equal(found.level, 'error');
    assert.match(found.title, /^Error: boom/);
    assert.ok(!JSON.stringify(found.payload).includes('hunter2'));

    const api = await fetch(`${real.url}/api/v1/incidents/${problem.instance}`, {
      headers: { authorization: `Bearer ${real.adminToken}` },
    });
    assert.equal(api.status, 200);
    const incident = (await api.json()) as any;
    assert.equal(incident.eventId, found.eventId);
    assert.equal(incident.ambiguous, false);
    assert.equal(incident.matches[0].sdk.name, FAULTLINE_SDK_NAME, "the lookup knows the reporter's events");
  });
}

test('drops reach the collector as client reports', async (t) => {
  const app = await startApp({ dsn: real.dsn, reporter: { queueSize: 1, maxInFlight: 1 } });
  t.after(() => app.close());
  const started = Date.now();
  await hammer(app, '/boom', 30, 30);
  assert.equal(await app.faultline.flush(5000), true);
  const overflow = app.faultline.reporter?.stats().dropped.queue_overflow ?? 0;
  assert.ok(overflow > 0, 'the burst overflowed a one-slot queue');
  const counts = await real.store.discardCounts({
    projectId: 1 as any,
    from: started - 60_000,
    to: Date.now() + 60_000,
  });
  const reported = counts
    .filter((c) => c.source === 'client' && c.reason === 'queue_overflow' && c.category === 'error')
    .reduce((n, c) => n + c.quantity, 0);
  assert.equal(reported, overflow);
});
