import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_RATE_POINTS, MAX_RATE_SERIES } from '../limits.js';
import { bucketFor, rateSeries } from './rates-view.js';

test('the bucket is the narrowest that keeps a range under the point bound', () => {
  assert.equal(bucketFor(60 * 60_000), 60_000);
  assert.equal(bucketFor(24 * 3_600_000), 5 * 60_000);
  assert.equal(bucketFor(7 * 24 * 3_600_000), 60 * 60_000);
  for (const range of [1, 6, 24, 24 * 30, 24 * 90].map((h) => h * 3_600_000))
    assert.ok(range / bucketFor(range) <= MAX_RATE_POINTS);
});

test('series are worst first, with totals and per-bucket rates', () => {
  const series = rateSeries([
    { key: 'GET /ok', bucket: 0, requests: 100, errors4xx: 0, errors5xx: 0, shed: 0 },
    { key: 'GET /flaky', bucket: 0, requests: 10, errors4xx: 1, errors5xx: 1, shed: 0 },
    { key: 'GET /flaky', bucket: 60_000, requests: 10, errors4xx: 0, errors5xx: 5, shed: 2 },
    { key: 'GET /down', bucket: 60_000, requests: 4, errors4xx: 0, errors5xx: 4, shed: 0 },
  ]);
  assert.deepEqual(
    series.map((s) => [s.key, s.requests, s.errors5xx, s.rate5xx]),
    [
      ['GET /down', 4, 4, 1],
      ['GET /flaky', 20, 6, 0.3],
      ['GET /ok', 100, 0, 0],
    ],
  );
  assert.deepEqual(
    series[1]?.points.map((p) => p.rate5xx),
    [0.1, 0.5],
  );
  assert.equal(series[1]?.shed, 2);
});

test('past the series bound the rest is summed into (other), totals unchanged', () => {
  const points = Array.from({ length: MAX_RATE_SERIES + 20 }, (_, i) => ({
    key: `GET /r${i}`,
    bucket: 0,
    requests: 10,
    errors4xx: 0,
    errors5xx: i % 3,
    shed: 0,
  }));
  const series = rateSeries(points);
  assert.equal(series.length, MAX_RATE_SERIES);
  assert.equal(series.at(-1)?.key, '(other)');
  const total = (xs: { requests: number }[]) => xs.reduce((n, x) => n + x.requests, 0);
  assert.equal(total(series), total(points));
});
