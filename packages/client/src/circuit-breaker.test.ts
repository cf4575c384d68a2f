import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Admission, CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';

function breaker(options: CircuitBreakerOptions = {}, random = () => 0) {
  return new CircuitBreaker(options, random);
}
function admitted(a: Admission) {
  assert.ok(a.allowed, 'expected the call to be admitted');
  return a.ticket;
}
/** Read through a function: TS would keep an asserted narrowing across calls. */
function kind(b: CircuitBreaker): string {
  return b.state.kind;
}
function fail(b: CircuitBreaker, now: number, n = 1) {
  for (let i = 0; i < n; i++) b.failure(admitted(b.admit(now)), now);
}
function succeed(b: CircuitBreaker, now: number, n = 1) {
  for (let i = 0; i < n; i++) b.success(admitted(b.admit(now)), now);
}

test('stays closed below the minimum throughput, even at 100 % failure', () => {
  const b = breaker();
  fail(b, 0, 19);
  assert.equal(kind(b), 'closed');
  fail(b, 0);
  assert.equal(kind(b), 'open', 'the 20th failure reaches the minimum');
});

test('opens at an 80 % failure ratio, not on a 50 % brownout', () => {
  const brownout = breaker();
  for (let t = 0; t < 10_000; t += 5) {
    fail(brownout, t);
    succeed(brownout, t);
  }
  assert.equal(kind(brownout), 'closed');
  const outage = breaker();
  succeed(outage, 0, 10);
  fail(outage, 100, 39);
  assert.equal(kind(outage), 'closed', '39 of 49 is 79.6 %');
  fail(outage, 100);
  assert.equal(kind(outage), 'open', '40 of 50 is 80 %');
});

test('old failures slide out of the window', () => {
  const b = breaker({ minimumThroughput: 5 });
  fail(b, 0, 4);
  fail(b, 2500);
  assert.equal(kind(b), 'closed', 'the first four left the 2 s window');
});

test('open: fails fast until retryAt, which is jittered by up to 20 %', () => {
  const b = breaker({ consecutiveFailures: 1, openMs: 1000 }, () => 0.5);
  fail(b, 100);
  assert.deepEqual(b.state, { kind: 'open', openedAt: 100, retryAt: 1200 });
  assert.deepEqual(b.admit(1199), { allowed: false, retryAt: 1200 });
  assert.equal(b.admit(1200).allowed, true);
  assert.equal(kind(b), 'half-open');
});

test('half-open lets exactly `probes` calls through and closes when all succeed', () => {
  const b = breaker({ consecutiveFailures: 1, openMs: 1000, probes: 3 });
  fail(b, 0);
  const probes = [b.admit(1000), b.admit(1000), b.admit(1000)].map(admitted);
  assert.ok(probes.every((t) => t.probe));
  assert.equal(b.admit(1000).allowed, false, 'a fourth caller fails fast: no thundering herd');
  b.success(probes[0]!, 1010);
  b.success(probes[1]!, 1010);
  assert.equal(kind(b), 'half-open', 'two of three is not enough');
  b.success(probes[2]!, 1020);
  assert.equal(kind(b), 'closed');
  fail(b, 1030, 0);
  assert.equal(b.admit(1030).allowed, true);
});

test('a failed probe reopens the breaker for another jittered period', () => {
  const b = breaker({ consecutiveFailures: 1, openMs: 1000, probes: 2 });
  fail(b, 0);
  const [p1, p2] = [admitted(b.admit(1000)), admitted(b.admit(1000))];
  b.success(p1, 1005);
  b.failure(p2, 1006);
  assert.deepEqual(b.state, { kind: 'open', openedAt: 1006, retryAt: 2006 });
  b.success(p1, 1007);
  assert.equal(kind(b), 'open', 'a late result from the old half-open is ignored');
});

test('a closed breaker starts with a fresh window', () => {
  const b = breaker({ minimumThroughput: 5, openMs: 100, probes: 1 });
  fail(b, 0, 5);
  assert.equal(kind(b), 'open');
  succeed(b, 100);
  assert.equal(kind(b), 'closed');
  fail(b, 101, 4);
  assert.equal(kind(b), 'closed', 'the five old failures were forgotten');
});

test('release frees a probe slot (a caller abort is no verdict)', () => {
  const b = breaker({ consecutiveFailures: 1, openMs: 10, probes: 1 });
  fail(b, 0);
  const probe = admitted(b.admit(10));
  assert.equal(b.admit(10).allowed, false);
  b.release(probe);
  assert.equal(b.admit(10).allowed, true);
});

test('calls admitted before the breaker opened do not count afterwards', () => {
  const b = breaker({ consecutiveFailures: 2, openMs: 100, probes: 1 });
  const early = admitted(b.admit(0));
  fail(b, 0, 2);
  const probe = admitted(b.admit(100));
  b.failure(early, 101);
  assert.equal(kind(b), 'half-open', 'the early failure is stale');
  b.success(probe, 102);
  assert.equal(kind(b), 'closed');
});

test('consecutive-failures mode opens on a run, and a success resets the run', () => {
  const b = breaker({ consecutiveFailures: 3, minimumThroughput: 1000 });
  fail(b, 0, 2);
  succeed(b, 0);
  fail(b, 0, 2);
  assert.equal(kind(b), 'closed');
  fail(b, 0);
  assert.equal(kind(b), 'open');
});
