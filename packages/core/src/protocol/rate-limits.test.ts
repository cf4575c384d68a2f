import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRateLimits, parseRateLimits, type RateLimitQuota } from './rate-limits.js';

test('quotas round-trip through the header', () => {
  const quotas: RateLimitQuota[] = [
    { retryAfterS: 60, categories: ['error', 'transaction'], scope: 'project', reasonCode: 'rate_limited' },
    { retryAfterS: 5, categories: [], scope: 'organization' },
  ];
  const header = formatRateLimits(quotas);
  assert.equal(header, '60:error;transaction:project:rate_limited, 5::organization');
  assert.deepEqual(parseRateLimits(header), quotas);
});

test("Sentry's documented examples, and a bad quota does not hide the good ones", () => {
  assert.deepEqual(parseRateLimits('2700:default;error;security:organization'), [
    { retryAfterS: 2700, categories: ['default', 'error', 'security'], scope: 'organization' },
  ]);
  assert.deepEqual(parseRateLimits('x:error:key, -1:error:key, :error:key, 10:error:key:quota:ns1;ns2'), [
    { retryAfterS: 10, categories: ['error'], scope: 'key', reasonCode: 'quota' },
  ]);
});
