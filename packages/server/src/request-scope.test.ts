import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findScope, scopeFor } from './request-scope.js';

const headers = (id: string) => (name: string) => (name === 'x-request-id' ? id : undefined);

test('a request keeps one scope: a second call finds it, from the request or a wrapper', () => {
  const req = {};
  const scope = scopeFor(req, headers('req-1'));
  assert.equal(scope.requestId, 'req-1');
  assert.equal(scopeFor(req, headers('req-2')), scope);
  assert.equal(findScope({ raw: req }), scope);
  assert.equal(findScope({}), undefined);
});

test('requests that refuse the property (frozen, a throwing Proxy) keep theirs in the map', () => {
  const frozen = Object.freeze({});
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new Error('no reads');
      },
      set() {
        throw new Error('no writes');
      },
    },
  );
  for (const [i, req] of [frozen, hostile].entries()) {
    const scope = scopeFor(req, headers(`refused-${i}`));
    assert.equal(scope.requestId, `refused-${i}`);
    assert.equal(scopeFor(req, headers('other')), scope);
    assert.equal(findScope(req), scope);
  }
  // Once the map is in use, ordinary requests still get (and keep) their own scope.
  const plain = {};
  const scope = scopeFor(plain, headers('plain'));
  assert.equal(scopeFor(plain, headers('other')), scope);
  assert.equal(scopeFor({}, headers('fresh')).requestId, 'fresh');
});
