import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RetryBudget } from './retry-budget.js';

function spend(budget: RetryBudget, now: number): number {
  let n = 0;
  while (budget.tryRetry(now)) n++;
  return n;
}

test('retries are limited to 10 % of requests', () => {
  const budget = new RetryBudget();
  for (let i = 0; i < 100; i++) budget.recordRequest(0);
  assert.equal(spend(budget, 0), 10);
  budget.recordRequest(0);
  budget.recordRequest(0);
  assert.equal(spend(budget, 0), 0, '102 requests still allow only 10');
  for (let i = 0; i < 8; i++) budget.recordRequest(0);
  assert.equal(spend(budget, 0), 1, '110 requests allow an 11th');
});

test('the floor is a minimum, not added to the ratio (Envoy, not Finagle)', () => {
  const quiet = new RetryBudget({ minPerSecond: 2 });
  quiet.recordRequest(0);
  assert.equal(spend(quiet, 0), 2, 'a quiet client can use both of its retries');
  const busy = new RetryBudget({ minPerSecond: 2 });
  for (let i = 0; i < 100; i++) busy.recordRequest(0);
  assert.equal(spend(busy, 0), 10, 'not 12');
});

test('the window slides: old requests and old retries expire', () => {
  const budget = new RetryBudget({ minPerSecond: 0 });
  for (let i = 0; i < 50; i++) budget.recordRequest(0);
  assert.equal(spend(budget, 0), 5);
  assert.equal(spend(budget, 900), 0);
  for (let i = 0; i < 50; i++) budget.recordRequest(1000);
  assert.equal(spend(budget, 1000), 5, 'the retries at t=0 left the window with their requests');
});

test('under sustained failure no 1 s window exceeds 1.1× load', () => {
  const budget = new RetryBudget();
  const retriesAt: number[] = [];
  // 100 requests/s for 30 s, each wanting 2 retries (a hard outage).
  for (let t = 0; t < 30_000; t += 10) {
    budget.recordRequest(t);
    for (let r = 0; r < 2 && budget.tryRetry(t); r++) retriesAt.push(t);
  }
  for (let start = 0; start < 29_000; start += 100) {
    const inWindow = retriesAt.filter((t) => t >= start && t < start + 1000).length;
    assert.ok(inWindow <= 10, `window at ${start} ms had ${inWindow} retries for 100 requests`);
  }
  assert.ok(retriesAt.length >= 290 && retriesAt.length <= 300, `${retriesAt.length} retries in total`);
});

test('options change the ratio and window', () => {
  const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 10_000 });
  for (let i = 0; i < 10; i++) budget.recordRequest(0);
  assert.equal(spend(budget, 9000), 5);
  assert.equal(budget.allowance(10_500), 0);
});
