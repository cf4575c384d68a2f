import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRetryAfter } from './retry-after.js';

test('delay-seconds', () => {
  assert.equal(parseRetryAfter('0', 0), 0);
  assert.equal(parseRetryAfter('2', 0), 2000);
  assert.equal(parseRetryAfter(' 120 ', 0), 120_000);
});

test('HTTP-date is measured against the injected now', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:27:30 GMT');
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0, 'a date in the past means now');
});

test('malformed values are ignored', () => {
  for (const v of ['', 'soon', '-1', '1.5', '1e3', undefined, null])
    assert.equal(parseRetryAfter(v, 0), undefined, String(v));
});
