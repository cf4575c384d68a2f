import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSafeRequestId, resolveIds } from '../src/request-id.js';
import { errorResponseHeaders } from '../src/response-headers.js';

const headers = (h: Record<string, string>) => (name: string) => h[name];

test('safe request ids: short, safe charset', () => {
  for (const ok of [
    'abc',
    'req-1',
    '0f8fad5b-d9cb-469f-a165-70867728950e',
    'Root=1-5759e988-bd862e3fe1be46a994272793',
  ])
    assert.ok(isSafeRequestId(ok), ok);
  for (const bad of ['', 'x'.repeat(129), 'a b', 'a"b', 'a,b', 'a\r\nb', '<script>', '-leading'])
    assert.ok(!isSafeRequestId(bad), bad);
});

test('request id precedence: X-Request-Id, then traceparent trace id, then a new UUID', () => {
  const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  assert.equal(resolveIds(headers({ 'x-request-id': 'mine', traceparent: tp })).requestId, 'mine');
  assert.equal(resolveIds(headers({ traceparent: tp })).requestId, '4bf92f3577b34da6a3ce929d0e0e4736');
  const fresh = resolveIds(headers({ 'x-request-id': 'x'.repeat(10_000), traceparent: 'garbage' }));
  assert.match(fresh.requestId, /^[0-9a-f-]{36}$/);
  assert.equal(fresh.traceparent, null);
});

test('error headers from an error object cannot inject or override', () => {
  const h = errorResponseHeaders('rid', {
    'content-type': 'text/html',
    'x-request-id': 'spoofed',
    'bad name': 'x',
    'x-evil': 'a\r\nSet-Cookie: s=1',
    'retry-after': '7',
  });
  assert.equal(h['content-type'], 'application/problem+json');
  assert.equal(h['x-request-id'], 'rid');
  assert.equal(h['retry-after'], '7');
  assert.equal(h['x-evil'], undefined);
  assert.equal(h['bad name'], undefined);
});
