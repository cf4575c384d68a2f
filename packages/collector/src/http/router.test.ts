import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from './router.js';

test('router: params, method mismatch, HEAD as GET, no match', () => {
  const h = () => undefined;
  const r = new Router<string>()
    .on('GET', '/api/v1/issues/:id', 'read', h)
    .on('PUT', '/api/v1/issues/:id', 'write', h);
  const m = r.match('GET', '/api/v1/issues/42/');
  assert.ok(m && m !== 'method');
  assert.deepEqual(m.params, { id: '42' });
  assert.equal(m.scope, 'read');
  assert.deepEqual(
    r.routes().map((route) => `${route.method} ${route.pattern} ${route.scope}`),
    ['GET /api/v1/issues/:id read', 'PUT /api/v1/issues/:id write'],
  );
  assert.ok(r.match('HEAD', '/api/v1/issues/1') !== undefined);
  assert.equal(r.match('DELETE', '/api/v1/issues/1'), 'method');
  assert.equal(r.match('GET', '/api/v1/nope'), undefined);
  assert.equal(r.match('GET', '/api/v1/issues/%E0%A4%A'), undefined, 'bad escapes do not throw');
});
