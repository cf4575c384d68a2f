import assert from 'node:assert/strict';
import { test } from 'node:test';
import { armInWords, roleOf } from './gate-words.js';

test("an arm's 5xx rate with its counts; no requests and a missing arm said so", () => {
  assert.equal(
    armInWords({ release: 'a', requests: 2000, errors: 100, rate: 0.05 }),
    '5.00% (100 of 2000 requests)',
  );
  assert.equal(armInWords({ release: 'a', requests: 1, errors: 0, rate: 0 }), '0% (0 of 1 request)');
  assert.equal(armInWords({ release: 'a', requests: 0, errors: 0, rate: 0 }), 'no requests');
  assert.equal(armInWords(undefined), '—');
  assert.equal(armInWords({ release: 'a' } as never), '—', 'an answer stored without counts');
});

test('a release is the canary or the baseline of a verdict', () => {
  assert.equal(roleOf({ canary: 'shop@2', baseline: 'shop@1' }, 'shop@2'), 'canary');
  assert.equal(roleOf({ canary: 'shop@2', baseline: 'shop@1' }, 'shop@1'), 'baseline');
});
