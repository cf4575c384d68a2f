import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percent } from './format-rate.js';
import { rateChartData } from './rates-chart.js';
import { fittingRange, ratesFromQuery, ratesToApiQuery, ratesToQuery } from './rates-query.js';
import type { Rates } from './types.js';

const RATES: Rates = {
  by: 'route',
  since: '2026-11-25T10:00:00.000Z',
  until: '2026-11-25T10:05:00.000Z',
  bucketSeconds: 60,
  series: [
    {
      key: 'GET /users/:id',
      requests: 30,
      errors4xx: 1,
      errors5xx: 6,
      shed: 0,
      rate5xx: 0.2,
      points: [
        { time: '2026-11-25T10:01:00.000Z', requests: 10, errors5xx: 5, rate5xx: 0.5 },
        { time: '2026-11-25T10:03:00.000Z', requests: 20, errors5xx: 1, rate5xx: 0.05 },
        { time: '2026-11-25T09:00:00.000Z', requests: 20, errors5xx: 20, rate5xx: 1 },
      ],
    },
    {
      key: 'POST /orders',
      requests: 5,
      errors4xx: 0,
      errors5xx: 0,
      shed: 0,
      rate5xx: 0,
      points: [{ time: '2026-11-25T10:00:00.000Z', requests: 5, errors5xx: 0, rate5xx: 0 }],
    },
    { key: 'GET /health', requests: 1, errors4xx: 0, errors5xx: 0, shed: 0, rate5xx: 0, points: [] },
  ],
};

test('chart data: one x per bucket, gaps where no requests, worst series first, capped', () => {
  const data = rateChartData(RATES, 2);
  const start = Date.parse(RATES.since) / 1000;
  assert.deepEqual(
    data.x,
    [0, 60, 120, 180, 240, 300].map((d) => start + d),
  );
  assert.deepEqual(
    data.series.map((s) => s.key),
    ['GET /users/:id', 'POST /orders'],
  );
  assert.deepEqual(data.series[0]?.values, [null, 50, null, 5, null, null], 'out-of-range point dropped');
  assert.deepEqual(data.series[1]?.values, [0, null, null, null, null, null], 'a real 0% is 0, not a gap');
});

test('chart data: malformed ranges give an empty chart, not a loop', () => {
  assert.deepEqual(rateChartData({ ...RATES, bucketSeconds: 0 }, 6), { x: [], series: [] });
  assert.deepEqual(rateChartData({ ...RATES, since: 'nope' }, 6), { x: [], series: [] });
  const huge = rateChartData({ ...RATES, since: '1970-01-01T00:00:00Z', bucketSeconds: 1 }, 1);
  assert.equal(huge.x.length, 2000);
});

test('rates page URL ↔ view round-trips; the API query always names by and since', () => {
  assert.deepEqual(ratesFromQuery(new URLSearchParams('')), { by: 'route', since: '24h', auto: true });
  const view = ratesFromQuery(new URLSearchParams('by=release&since=7d&environment=prod&release=%20r1%20'));
  assert.deepEqual(view, { by: 'release', since: '7d', environment: 'prod', release: 'r1' });
  assert.deepEqual(ratesFromQuery(ratesToQuery(view)), view);
  assert.equal(ratesToQuery({ by: 'route', since: '24h', auto: true }).toString(), '');
  assert.equal(ratesToQuery({ by: 'route', since: '24h' }).toString(), 'since=24h', 'picked, so kept');
  assert.equal(ratesFromQuery(new URLSearchParams('by=evil&since=999y')).since, '24h');
  assert.equal(ratesToApiQuery({ by: 'route', since: '1h' }).toString(), 'by=route&since=1h');
  assert.equal(
    ratesToApiQuery({ by: 'release', since: '7d', release: 'r' }, 3).toString(),
    'by=release&since=7d&project=3&release=r',
    "one project's rates",
  );
});

test('percentages keep small rates readable', () => {
  assert.equal(percent(0.0462), '4.62%');
  assert.equal(percent(0.5), '50.0%');
  assert.equal(percent(0), '0%');
  assert.equal(percent(0.00001), '<0.01%');
  assert.equal(percent(Number.NaN), '0%');
});

test("a fresh install's range: the shortest offered one that holds every point", () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const at = (minutesAgo: number) => ({
    time: new Date(now - minutesAgo * 60_000).toISOString(),
    requests: 1,
    errors5xx: 0,
    rate5xx: 0,
  });
  const rates = (...minutesAgo: number[]) => ({
    ...RATES,
    series: [{ ...RATES.series[0], points: minutesAgo.map(at) }] as Rates['series'],
  });
  assert.equal(fittingRange(rates(20, 5), '24h', now), '1h');
  assert.equal(fittingRange(rates(50), '24h', now), '6h', 'with room before the oldest point');
  assert.equal(fittingRange(rates(60 * 20), '24h', now), '24h');
  assert.equal(fittingRange(rates(20), '6h', now), '1h');
  assert.equal(fittingRange(rates(), '24h', now), '24h', 'no points: as asked');
  assert.equal(fittingRange(rates(60 * 24 * 5), '24h', now), '24h', 'never wider than asked');
});
