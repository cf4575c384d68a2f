import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from './classify.js';

test('placeholder: a wrapped ECONNREFUSED is a dependency failure', () => {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const c = classify(new TypeError('fetch failed', { cause }));
  assert.equal(c.category, 'dependency');
  assert.equal(c.status, 503);
});
