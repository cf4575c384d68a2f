/**
 * On @hono/node-server, the Hono middleware keeps a route's response on the server's fast path:
 * a lightweight response (status, body, plain header object) written with one writeHead. Reading
 * `c.res.headers` to add X-Request-Id had turned every response into a Fetch `Headers`, built and
 * iterated back: about 3 of the 7 µs of CPU Faultline added to a Hono /ok. Counted here: Headers
 * built while the app answers (the client is node:http, so it builds none).
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { faultlineHono, faultlineOnError } from '../src/adapters/hono.js';
import { createFaultline } from '../src/index.js';
import { captureLogger } from './helpers.js';

const RealHeaders = globalThis.Headers;
let built = 0;
class CountingHeaders extends RealHeaders {
  constructor(init?: ConstructorParameters<typeof Headers>[0]) {
    super(init);
    built++;
  }
}

let server: ReturnType<typeof createAdaptorServer>;
let port: number;

before(async () => {
  globalThis.Headers = CountingHeaders;
  const faultline = createFaultline({ logger: captureLogger() });
  const app = new Hono();
  app.use(faultlineHono(faultline));
  app.onError(faultlineOnError(faultline));
  app.get('/ok', (c) => c.json({ hello: 'world' }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  globalThis.Headers = RealHeaders;
  await new Promise((resolve) => server.close(resolve));
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject);
    },
  );
}

test('/ok: X-Request-Id echoed, the route headers kept, no Fetch Headers built', async () => {
  built = 0;
  const res = await get('/ok', { 'x-request-id': 'req-fast-1' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-request-id'], 'req-fast-1');
  assert.equal(res.headers['content-type'], 'application/json');
  assert.equal(res.body, '{"hello":"world"}');
  assert.equal(built, 0);
});

test('/boom: the problem response with its X-Request-Id, no Fetch Headers built', async () => {
  built = 0;
  const res = await get('/boom', { 'x-request-id': 'req-fast-2' });
  assert.equal(res.status, 500);
  assert.equal(res.headers['x-request-id'], 'req-fast-2');
  assert.equal(res.headers['content-type'], 'application/problem+json');
  assert.equal(JSON.parse(res.body).requestId, 'req-fast-2');
  assert.equal(built, 0);
});
