/**
 * The event a 500 becomes: exception with frames and source context, request (redacted),
 * user from the app's hook, tags, trace context, release and environment; through every
 * adapter's example app. A real HTTP receiver records what was sent.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import express from 'express';
import { faultlineErrorHandler, faultlineMiddleware } from '../src/adapters/express.js';
import { createFaultline } from '../src/index.js';
import { exampleStarter } from './adapter-suite.js';
import { captureLogger, repoRoot } from './helpers.js';
import { hammer, startApp } from './reporter-app.js';
import { startReceiver } from './reporter-receiver.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const root = join(repoRoot(), 'packages', 'server');

test('a 500 through node:http: the whole event', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const app = await startApp({
    dsn: receiver.dsn,
    release: 'orders@2.0.0',
    environment: 'staging',
    user: (req) => ({ id: String((req as any).headers['x-user-id']) }),
    reporter: { root },
  });
  t.after(() => app.close());
  const res = await app.get('/boom?token=s3cret&page=2', {
    headers: {
      authorization: 'Bearer abc.def',
      cookie: 'sid=xyz',
      'x-user-id': 'u-42',
      'x-custom': 'kept',
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
    },
  });
  const problem: any = await res.json();
  await app.faultline.flush(2000);
  const [event] = receiver.events() as any[];
  assert.ok(event);
  assert.equal(event.platform, 'node');
  assert.equal(event.level, 'error');
  assert.equal(event.transaction, 'GET /boom');
  assert.equal(event.release, 'orders@2.0.0');
  assert.equal(event.environment, 'staging');
  assert.equal(event.server_name, hostname());
  assert.equal(event.sdk.name, 'faultline.server');
  assert.equal(event.sdk.version, '0.1.0');
  assert.ok(Math.abs(event.timestamp - Date.now() / 1000) < 5);
  assert.deepEqual(event.tags, {
    status: '500',
    category: 'unknown',
    request_id: problem.instance,
    framework: 'node',
    route: '/boom',
    service: 'orders',
  });
  assert.equal(event.contexts.trace.trace_id, TRACE_ID);
  assert.equal(event.contexts.trace.parent_span_id, PARENT_ID);
  assert.match(event.contexts.trace.span_id, /^[0-9a-f]{16}$/);
  assert.equal(event.contexts.response.status_code, 500);
  assert.equal(event.user.id, 'u-42');

  const { request } = event;
  assert.equal(request.method, 'GET');
  assert.equal(request.url, `${app.url}/boom`);
  assert.equal(request.query_string, 'token=[Filtered]&page=2');
  assert.equal(request.headers.authorization, '[Filtered]');
  assert.equal(request.headers.cookie, '[Filtered]');
  assert.equal(request.headers['x-custom'], 'kept');
  assert.equal(request.data, undefined, 'no body unless asked');

  const [thrown] = event.exception.values;
  assert.equal(thrown.type, 'Error');
  assert.equal(thrown.value, 'boom: password=[Filtered]');
  assert.deepEqual(thrown.mechanism, { type: 'middleware', handled: false, data: { framework: 'node' } });
  const frames = thrown.stacktrace.frames;
  const crashing = frames.at(-1);
  assert.equal(crashing.filename, 'dist/test/reporter-app.js', 'relative to the root');
  assert.equal(crashing.function, 'boomError');
  assert.equal(crashing.in_app, true);
  assert.match(crashing.context_line, /return new Error\('boom: password=\[Filtered\]'\);/);
  assert.equal(crashing.pre_context.length, 5);
  assert.equal(crashing.post_context.length, 5);
  const library = frames.find((f: any) => f.filename.startsWith('node:'));
  assert.ok(library && library.in_app === false && library.context_line === undefined);
  assert.ok(!JSON.stringify(event).includes('hunter2'));
  assert.ok(!JSON.stringify(event).includes('s3cret'));
});

test('4xx are not reported by default; reportClientErrors sends them as warnings', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const quiet = await startApp({ dsn: receiver.dsn });
  t.after(() => quiet.close());
  await hammer(quiet, '/missing', 2);
  await quiet.faultline.flush(1000);
  assert.equal(receiver.received.length, 0);

  const loud = await startApp({ dsn: receiver.dsn, reportClientErrors: true });
  t.after(() => loud.close());
  await hammer(loud, '/missing', 1);
  await loud.faultline.flush(1000);
  const [event] = receiver.events() as any[];
  assert.equal(event.level, 'warning');
  assert.equal(event.tags.status, '404');
  assert.equal(event.tags.category, 'client');
});

test('Express: the user hook gets the request (req.user), a JSON body is sent when asked, redacted', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const faultline = createFaultline({
    logger: captureLogger(),
    dsn: receiver.dsn,
    user: (req) => (req as any).user,
    reporter: { requestBody: true, root },
  });
  t.after(() => faultline.close(1000));
  const app = express();
  app.use(faultlineMiddleware(faultline));
  app.use(express.json());
  app.use((req, _res, next) => {
    (req as any).user = { id: 'u-7', email: 'ada@example.com' };
    next();
  });
  app.post('/orders/:id', () => {
    throw new Error('order failed');
  });
  app.use(faultlineErrorHandler(faultline));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await fetch(`${url}/orders/9`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item: 'book', password: 'hunter2' }),
  });
  assert.equal(res.status, 500);
  await res.arrayBuffer();
  await faultline.flush(2000);
  const [event] = receiver.events() as any[];
  assert.equal(event.transaction, 'POST /orders/:id');
  assert.equal(event.tags.route, '/orders/:id');
  assert.equal(event.tags.framework, 'express');
  assert.deepEqual(event.user, { id: 'u-7', email: 'ada@example.com' });
  assert.deepEqual(event.request.data, { item: 'book', password: '[Filtered]' });
});

for (const framework of ['node', 'express', 'fastify', 'hono', 'koa']) {
  test(`${framework}: route template, request headers and the caller's incident id reach the event`, async (t) => {
    const receiver = await startReceiver();
    t.after(() => receiver.close());
    const seen: unknown[] = [];
    const faultline = createFaultline({
      logger: captureLogger(),
      dsn: receiver.dsn,
      user: (req) => {
        seen.push(req);
        return { id: 'hooked' };
      },
    });
    t.after(() => faultline.close(1000));
    const app = await (await exampleStarter(framework))(faultline);
    t.after(() => app.close());
    const res = await fetch(`${app.url}/items/7/fail?page=1`, { headers: { 'x-custom': framework } });
    assert.equal(res.status, 500);
    await res.arrayBuffer();
    await faultline.flush(2000);
    const [event] = receiver.events() as any[];
    assert.equal(event.tags.request_id, res.headers.get('x-request-id'));
    assert.equal(event.transaction, 'GET /items/:id/fail');
    assert.equal(event.request.headers['x-custom'], framework);
    assert.equal(event.request.query_string, 'page=1');
    assert.equal(event.user.id, 'hooked');
    assert.equal(seen.length, 1);
  });
}
