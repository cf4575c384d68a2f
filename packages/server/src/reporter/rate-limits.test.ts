import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isRateLimited,
  limitedUntil,
  NO_RATE_LIMITS,
  type RateLimitResponse,
  updateRateLimits,
} from './rate-limits.js';

const now = 1_700_000_000_000;
const response = (r: Partial<RateLimitResponse>): RateLimitResponse => ({
  status: 200,
  rateLimits: null,
  retryAfter: null,
  ...r,
});

test('X-Sentry-Rate-Limits: per category, empty categories = all, extra fields ignored', () => {
  const limits = updateRateLimits(
    NO_RATE_LIMITS,
    response({
      status: 429,
      rateLimits: '60:transaction:key, 2700:default;error;security:organization:quota_exceeded:x',
    }),
    now,
  );
  assert.equal(limitedUntil(limits, 'transaction', now), now + 60_000);
  assert.equal(limitedUntil(limits, 'error', now), now + 2_700_000);
  assert.equal(isRateLimited(limits, 'session', now), false);
  const all = updateRateLimits(NO_RATE_LIMITS, response({ rateLimits: '0.5::organization' }), now);
  assert.equal(limitedUntil(all, 'session', now), now + 500);
  assert.equal(isRateLimited(all, 'session', now + 501), false, 'the deadline passes');
});

test('X-Sentry-Rate-Limits is read on a 200 too, and wins over Retry-After', () => {
  const ok = updateRateLimits(NO_RATE_LIMITS, response({ rateLimits: '30:error:key' }), now);
  assert.equal(limitedUntil(ok, 'error', now), now + 30_000);
  const both = updateRateLimits(
    NO_RATE_LIMITS,
    response({ status: 429, rateLimits: '5:error:key', retryAfter: '100' }),
    now,
  );
  assert.equal(limitedUntil(both, 'error', now), now + 5_000);
  assert.equal(isRateLimited(both, 'session', now), false);
});

test('429: Retry-After (seconds or date) for all categories, else 60 s', () => {
  const secs = updateRateLimits(NO_RATE_LIMITS, response({ status: 429, retryAfter: '7' }), now);
  assert.equal(limitedUntil(secs, 'anything', now), now + 7_000);
  const date = new Date(now + 90_000).toUTCString();
  const dated = updateRateLimits(NO_RATE_LIMITS, response({ status: 429, retryAfter: date }), now);
  assert.equal(limitedUntil(dated, 'error', now), now + 90_000);
  const bare = updateRateLimits(NO_RATE_LIMITS, response({ status: 429 }), now);
  assert.equal(limitedUntil(bare, 'error', now), now + 60_000);
  const soon = updateRateLimits(NO_RATE_LIMITS, response({ status: 429, retryAfter: 'soon' }), now);
  assert.equal(limitedUntil(soon, 'error', now), now + 60_000, 'an unreadable Retry-After is the default');
});

test('the latest deadline is kept; client reports are never limited; no change keeps the object', () => {
  let limits = updateRateLimits(NO_RATE_LIMITS, response({ rateLimits: '100:error:key' }), now);
  limits = updateRateLimits(limits, response({ rateLimits: '10:error:key' }), now);
  assert.equal(limitedUntil(limits, 'error', now), now + 100_000);
  const all = updateRateLimits(NO_RATE_LIMITS, response({ rateLimits: '100::key' }), now);
  assert.equal(isRateLimited(all, 'internal', now), false);
  assert.equal(updateRateLimits(limits, response({ status: 500 }), now), limits);
  const junk = updateRateLimits(NO_RATE_LIMITS, response({ rateLimits: 'x:error, -5:error, :error' }), now);
  assert.equal(isRateLimited(junk, 'error', now), false);
});
