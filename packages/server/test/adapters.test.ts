import { adapterSuite, exampleStarter } from './adapter-suite.js';
import { repoRoot } from './helpers.js';

adapterSuite('node', () => exampleStarter('node'));
adapterSuite('express 5', () => exampleStarter('express'));
adapterSuite('express 4', async () => {
  const { default: express4 } = await import(`${repoRoot()}/node_modules/express4/index.js`);
  return exampleStarter('express', { expressModule: express4 });
});
adapterSuite('fastify', () => exampleStarter('fastify'));
adapterSuite('hono', () => exampleStarter('hono'));
adapterSuite('koa', () => exampleStarter('koa'));

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFaultline } from '../src/index.js';
import { captureLogger } from './helpers.js';

test("fastify: its own validation 400 keeps Fastify's message, as problem+json", async () => {
  const logger = captureLogger();
  const app = await (await exampleStarter('fastify'))(createFaultline({ logger }));
  try {
    const res = await fetch(`${app.url}/validated`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nope: 1 }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const body: any = await res.json();
    assert.match(body.detail, /must have required property 'name'/);
    assert.equal(logger.records.at(-1)?.obj.category, 'client');
  } finally {
    await app.close();
  }
});
