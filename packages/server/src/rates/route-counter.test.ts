import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATES_MAX_PENDING_MINUTES, RATES_MAX_ROUTE_LENGTH, RATES_MAX_ROUTES } from '../limits.js';
import { OTHER_ROUTE, RouteCounter } from './route-counter.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function clock(start = T0) {
  const c = { now: start, fn: () => c.now };
  return c;
}

test('counts each outcome per method and route, and a shed request as a 5xx', () => {
  const c = clock();
  const counter = new RouteCounter(c.fn);
  counter.record('GET', '/users/:id', 200, false);
  counter.record('GET', '/users/:id', 404, false);
  counter.record('GET', '/users/:id', 500, false);
  counter.record('GET', '/users/:id', 503, true);
  counter.record('POST', '/users/:id', 201, false);
  counter.record('GET', undefined, 404, false);
  const [bucket, ...rest] = counter.drain();
  assert.equal(rest.length, 0);
  assert.equal(bucket?.minute, new Date(T0).toISOString());
  const none = { dependency5xx: 0, overload5xx: 0 };
  assert.deepEqual(bucket?.routes, [
    {
      method: 'GET',
      route: '/users/:id',
      requests: 4,
      errors4xx: 1,
      errors5xx: 2,
      shed: 1,
      dependency5xx: 0,
      overload5xx: 1,
    },
    { method: 'POST', route: '/users/:id', requests: 1, errors4xx: 0, errors5xx: 0, shed: 0, ...none },
    { method: 'GET', route: null, requests: 1, errors4xx: 1, errors5xx: 0, shed: 0, ...none },
  ]);
  assert.deepEqual(counter.drain(), [], 'drain empties the counter');
});

test('5xx are split by cause: dependency, and overload (shed requests included); others count as 5xx only', () => {
  const counter = new RouteCounter(clock().fn);
  counter.record('GET', '/a', 502, false, 'dependency');
  counter.record('GET', '/a', 504, false, 'dependency');
  counter.record('GET', '/a', 503, false, 'overload');
  counter.record('GET', '/a', 503, true);
  counter.record('GET', '/a', 500, false, 'bug');
  counter.record('GET', '/a', 504, false, 'timeout');
  // A 4xx with a dependency cause is no 5xx of any kind.
  counter.record('GET', '/a', 404, false, 'dependency');
  const [bucket] = counter.drain();
  assert.deepEqual(bucket?.routes, [
    {
      method: 'GET',
      route: '/a',
      requests: 7,
      errors4xx: 1,
      errors5xx: 6,
      shed: 1,
      dependency5xx: 2,
      overload5xx: 2,
    },
  ]);
});

test('minutes are separate buckets, oldest first', () => {
  const c = clock(T0 + 59_999);
  const counter = new RouteCounter(c.fn);
  counter.record('GET', '/a', 200, false);
  c.now = T0 + 60_000;
  counter.record('GET', '/a', 500, false);
  const buckets = counter.drain();
  assert.deepEqual(
    buckets.map((b) => [b.minute, b.routes[0]?.requests, b.routes[0]?.errors5xx]),
    [
      [new Date(T0).toISOString(), 1, 0],
      [new Date(T0 + 60_000).toISOString(), 1, 1],
    ],
  );
});

test('distinct routes past the bound share (other); long templates are cut', () => {
  const counter = new RouteCounter(clock().fn);
  for (let i = 0; i < RATES_MAX_ROUTES + 50; i++) counter.record('GET', `/r/${i}`, 200, false);
  counter.record('GET', `/${'x'.repeat(RATES_MAX_ROUTE_LENGTH * 2)}`, 200, false);
  const [bucket] = counter.drain();
  assert.ok(bucket);
  assert.equal(bucket.routes.length, RATES_MAX_ROUTES + 1);
  const other = bucket.routes.find((r) => r.route === OTHER_ROUTE);
  assert.equal(other?.requests, 51, 'the 50 extra routes and the long one');
  const total = bucket.routes.reduce((n, r) => n + r.requests, 0);
  assert.equal(total, RATES_MAX_ROUTES + 51, 'no request is lost');
});

test('while nothing is sent, only the newest minutes are kept', () => {
  const c = clock();
  const counter = new RouteCounter(c.fn);
  for (let m = 0; m < RATES_MAX_PENDING_MINUTES + 5; m++) {
    c.now = T0 + m * 60_000;
    counter.record('GET', '/a', 200, false);
  }
  assert.equal(counter.pendingMinutes, RATES_MAX_PENDING_MINUTES);
  const buckets = counter.drain();
  assert.equal(buckets[0]?.minute, new Date(T0 + 5 * 60_000).toISOString());
});
