import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRetryAfter, parseRetryAfter } from './retry-after.js';

const NOW = Date.parse('Wed, 21 Oct 2015 07:27:30 GMT');

test('delay-seconds, fractional seconds and the HTTP-date form', () => {
  assert.equal(parseRetryAfter('2', NOW), 2000);
  assert.equal(parseRetryAfter(' 120 ', NOW), 120_000);
  assert.equal(parseRetryAfter('1.5', NOW), 1500);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW), 30_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW), 0, 'a past date means now');
});

test('absent, empty, negative and garbage values are no delay at all', () => {
  for (const v of [null, undefined, '', '  ', '-3', '1e3', '1.', 'soon', '12abc', '99999999999'])
    assert.equal(parseRetryAfter(v, NOW), undefined, String(v));
});

test('what the collector writes, the reporter and the client read back', () => {
  for (const s of [0.001, 0.999, 1, 1.5, 60, 3600]) {
    const back = parseRetryAfter(formatRetryAfter(s), NOW);
    assert.ok(back !== undefined && back >= s * 1000 && back - s * 1000 < 1000, `${s} s → ${back} ms`);
  }
  assert.equal(formatRetryAfter(-5), '0', 'never negative');
  const at = new Date(NOW + 90_000);
  assert.equal(parseRetryAfter(formatRetryAfter(at), NOW), 90_000, 'the date form too');
});
