import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Reply, toHeaders, toResponse } from './reply.js';

test('toHeaders keeps repeated headers (set-cookie) and skips undefined ones', () => {
  const headers = toHeaders({ 'set-cookie': ['a=1', 'b=2'], 'content-type': 'text/plain', gone: undefined });
  assert.deepEqual(headers.getSetCookie(), ['a=1', 'b=2']);
  assert.equal(headers.get('content-type'), 'text/plain');
  assert.equal(headers.has('gone'), false);
});

test('toResponse: bytes become the body; null-body statuses get none', async () => {
  const reply = (status: number, bytes: Uint8Array): Reply => ({
    status,
    statusText: '',
    url: 'http://h/',
    headers: () => new Headers({ 'x-a': '1' }),
    bytes,
    stream: null,
  });
  const ok = toResponse(reply(200, new TextEncoder().encode('{"a":1}')));
  assert.deepEqual(await ok.json(), { a: 1 });
  assert.equal(ok.headers.get('x-a'), '1');
  assert.equal(toResponse(reply(204, new Uint8Array(0))).body, null);
  assert.equal(toResponse(reply(200, new Uint8Array(0))).body, null);
});
