import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { test } from 'node:test';
import { ConfigError } from '@faultline/core';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline, type ErrorReport, type FaultlineOptions } from '../src/index.js';
import { captureLogger } from './helpers.js';

async function serve(options: FaultlineOptions, handler: http.RequestListener) {
  const server = http
    .createServer(faultlineHandler(createFaultline(options), handler))
    .listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

const boom = () => {
  throw new TypeError('x is undefined at secret.js');
};

test('onError receives the report once; a throwing hook or logger changes nothing for the caller', async () => {
  const reports: ErrorReport[] = [];
  const app = await serve(
    {
      logger: {
        error() {
          throw new Error('logger down');
        },
        warn() {},
        info() {},
      },
      onError: (r) => {
        reports.push(r);
        throw new Error('hook failed');
      },
    },
    boom,
  );
  const res = await fetch(`${app.url}/x`);
  assert.equal(res.status, 500);
  assert.equal(reports.length, 1);
  assert.equal(reports[0]?.classification.category, 'bug');
  assert.equal(reports[0]?.requestId, res.headers.get('x-request-id'));
  await app.close();
});

test('expose (development mode) shows message and category; the default never does', async () => {
  const dev = await serve({ expose: true, logger: captureLogger() }, boom);
  const body: any = await (await fetch(`${dev.url}/x`)).json();
  assert.equal(body.detail, 'x is undefined at secret.js');
  assert.equal(body.category, 'bug');
  await dev.close();
  const prod = await serve({ logger: captureLogger() }, boom);
  const text = await (await fetch(`${prod.url}/x`)).text();
  assert.ok(!text.includes('secret.js') && !text.includes('bug'));
  await prod.close();
});

test('redactKeys adds keys scrubbed from the log; clientErrorLevel sets the 4xx level', async () => {
  const logger = captureLogger();
  const app = await serve({ logger, redactKeys: ['x-tenant-secret'], clientErrorLevel: 'warn' }, (_req) => {
    throw Object.assign(new Error('bad input'), { status: 400, 'x-tenant-secret': 'tenant-123' });
  });
  await fetch(`${app.url}/x?x-tenant-secret=tenant-123`);
  const record = logger.records.at(-1);
  assert.equal(record?.level, 'warn');
  assert.ok(!JSON.stringify(record).includes('tenant-123'));
  await app.close();
});

test('classifiers option decides before the built-in table', async () => {
  const app = await serve(
    {
      logger: captureLogger(),
      classifiers: [
        (e) =>
          e instanceof TypeError
            ? { category: 'client', status: 422, expose: true, detail: 'fix your input' }
            : undefined,
      ],
    },
    boom,
  );
  const res = await fetch(`${app.url}/x`);
  assert.equal(res.status, 422);
  assert.equal(((await res.json()) as any).detail, 'fix your input');
  await app.close();
});

test('a malformed dsn is a ConfigError at start-up, not at the first error', () => {
  assert.throws(() => createFaultline({ dsn: 'not a url' }), ConfigError);
  assert.throws(() => createFaultline({ dsn: 'https://example.com/1' }), /public_key/);
  assert.doesNotThrow(() => createFaultline({ dsn: 'http://abc@127.0.0.1:8000/1', logger: captureLogger() }));
});
