import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_RATE_BUCKETS_PER_ITEM, MAX_ROUTE_LENGTH } from '../limits.js';
import { routeRatesOf } from './rates-item.js';

const route = (extra: Record<string, unknown> = {}) => ({
  method: 'GET',
  route: '/a',
  requests: 3,
  errors4xx: 1,
  errors5xx: 1,
  shed: 0,
  ...extra,
});
const item = (routes: unknown[], extra: Record<string, unknown> = {}) => ({
  release: 'r@1',
  environment: 'production',
  service: 'api',
  buckets: [{ minute: '2026-01-01T00:00:00.000Z', routes }],
  ...extra,
});

test('a well-formed item is kept as sent', () => {
  assert.deepEqual(
    routeRatesOf(item([route(), route({ route: null })])),
    item([route(), route({ route: null })]),
  );
});

test('counts that are not whole, negative, huge or that do not add up are left out', () => {
  for (const bad of [
    { requests: -1 },
    { requests: 1.5 },
    { requests: '3' },
    { requests: 1e12 },
    { errors4xx: 2, errors5xx: 2 },
    { shed: 2 },
    { method: 'get' },
    { method: '<script>' },
    { route: 42 },
  ]) {
    assert.equal(routeRatesOf(item([route(bad)])), undefined, JSON.stringify(bad));
  }
});

test('the 5xx split by cause is kept when it adds up, and dropped (not the counts) when it does not', () => {
  const split = { errors5xx: 3, requests: 4, errors4xx: 0, dependency5xx: 2, overload5xx: 1 };
  assert.deepEqual(routeRatesOf(item([route(split)]))?.buckets[0]?.routes[0], route(split));
  for (const bad of [
    { dependency5xx: 3, overload5xx: 1 },
    { dependency5xx: -1, overload5xx: 0 },
    { dependency5xx: 1 },
    { dependency5xx: '1', overload5xx: 0 },
  ]) {
    const kept = routeRatesOf(item([route({ errors5xx: 3, requests: 4, errors4xx: 0, ...bad })]))?.buckets[0]
      ?.routes[0];
    assert.deepEqual(kept, route({ errors5xx: 3, requests: 4, errors4xx: 0 }), JSON.stringify(bad));
  }
});

test('bounds: long routes are cut, buckets past the bound are dropped, junk is ignored', () => {
  const long = routeRatesOf(item([route({ route: `/${'x'.repeat(MAX_ROUTE_LENGTH * 3)}` })]));
  assert.equal(long?.buckets[0]?.routes[0]?.route?.length, MAX_ROUTE_LENGTH);
  const many = routeRatesOf({
    buckets: Array.from({ length: MAX_RATE_BUCKETS_PER_ITEM + 10 }, (_, i) => ({
      minute: new Date(i * 60_000).toISOString(),
      routes: [route()],
    })),
  });
  assert.equal(many?.buckets.length, MAX_RATE_BUCKETS_PER_ITEM);
  assert.equal(routeRatesOf({ buckets: 'no' }), undefined);
  assert.equal(routeRatesOf({ buckets: [{ minute: 'yesterday', routes: [route()] }] }), undefined);
  assert.equal(routeRatesOf(item([route()], { release: 7 }))?.release, undefined);
});
