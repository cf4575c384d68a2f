/**
 * Trace-linked cascades end to end through real HTTP: three services A → B → C, each with
 * Faultline's middleware reporting to one real collector, calling the next through
 * @faultline/client with `faultline.traceparentFor(req)`. The collector's trace view for the
 * trace id A's caller got must name the service where the cascade began.
 */

import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createClient } from '@faultline/client';
import { useTestCollector } from '@faultline/test-support';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline, type Faultline } from '../src/index.js';
import { captureLogger } from './helpers.js';

const real = useTestCollector({ adminToken: 'cascade-test-admin-token' });

interface Service {
  url: string;
  faultline: Faultline;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, faultline: Faultline) => Promise<void>;

async function service(name: string, route: Route): Promise<Service> {
  const faultline = createFaultline({
    dsn: real.dsn,
    service: name,
    release: `${name}@1`,
    logger: captureLogger(),
  });
  const server = http.createServer(
    faultlineHandler(faultline, (req, res) => route(req, res, faultline), { route: () => '/work' }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    faultline,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await faultline.close(2000);
    },
  };
}

/** A service that calls `next` and answers what it got; a failed call fails the request. */
function caller(nextUrl: () => string, timeoutMs = 5000): Route {
  return async (req, res, faultline) => {
    const api = createClient({ baseUrl: nextUrl(), retry: false, timeout: timeoutMs, deadline: timeoutMs });
    const body = await api.get('/work', { traceparent: faultline.traceparentFor(req) });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ from: body }));
  };
}

/** A port nothing listens on: connecting to it is refused, like a database that is down. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

function queryDatabase(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e) => reject(new Error('could not load stock', { cause: e })));
  });
}

async function traceOf(res: Response): Promise<any> {
  const problem: any = await res.json();
  assert.match(problem.traceId, /^[0-9a-f]{32}$/, JSON.stringify(problem));
  const view = await fetch(`${real.url}/api/v1/traces/${problem.traceId}`, {
    headers: { authorization: `Bearer ${real.adminToken}` },
  });
  assert.equal(view.status, 200);
  return view.json();
}

function services(node: any): string[] {
  return [node.service, ...node.children.flatMap(services)];
}

test('C cannot reach its database: the trace names C, category dependency, as origin', async (t) => {
  const dbPort = await closedPort();
  const c = await service('c', async () => queryDatabase(dbPort));
  const b = await service(
    'b',
    caller(() => c.url),
  );
  const a = await service(
    'a',
    caller(() => b.url),
  );
  t.after(() => Promise.all([a.close(), b.close(), c.close()]));

  const res = await fetch(`${a.url}/work`);
  assert.equal(res.status, 503);
  await Promise.all([a, b, c].map((s) => s.faultline.flush(5000)));
  const trace = await traceOf(res);

  assert.equal(trace.origin?.service, 'c', JSON.stringify(trace.origin));
  assert.equal(trace.origin.category, 'dependency');
  assert.equal(trace.origin.status, 503);
  // One tree, linked through the attempt spans: A above B above C.
  assert.equal(trace.roots.length, 1, JSON.stringify(trace.roots));
  assert.deepEqual(services(trace.roots[0]), ['a', 'b', 'c']);
  assert.deepEqual(
    trace.events.map((e: any) => e.service).sort(),
    ['a', 'b', 'c'],
    'each service reported its own error',
  );
});

test('B times out calling a slow C: the trace names B, category timeout, as origin', async (t) => {
  const c = await service('c', async (_req, res) => {
    await new Promise((r) => setTimeout(r, 1500));
    res.end('late');
  });
  const b = await service(
    'b',
    caller(() => c.url, 200),
  );
  const a = await service(
    'a',
    caller(() => b.url),
  );
  t.after(() => Promise.all([a.close(), b.close(), c.close()]));

  const res = await fetch(`${a.url}/work`);
  assert.equal(res.status, 503, 'A fails because B failed');
  await Promise.all([a, b].map((s) => s.faultline.flush(5000)));
  const trace = await traceOf(res);

  assert.equal(trace.origin?.service, 'b', JSON.stringify(trace.origin));
  assert.equal(trace.origin.category, 'timeout');
  assert.equal(trace.origin.status, 504);
  assert.deepEqual(services(trace.roots[0]), ['a', 'b']);
});
