import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fullJitter } from './backoff.js';

test('full jitter grows exponentially from 100 ms and is capped at 2 s', () => {
  const top = () => 0.999999;
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => fullJitter(n, {}, top)),
    [99, 199, 399, 799, 1599, 1999],
  );
  assert.equal(fullJitter(40, {}, top), 1999); // 2^39 overflow guarded by the cap
});

test('full jitter spans [0, ceiling): the fleet spreads out', () => {
  assert.equal(
    fullJitter(3, {}, () => 0),
    0,
  );
  const waits = Array.from({ length: 2000 }, () => fullJitter(3, {}));
  assert.ok(Math.min(...waits) < 40 && Math.max(...waits) > 360, 'uniform over [0, 400)');
  assert.ok(waits.every((w) => w >= 0 && w < 400));
});

test('base and cap are options', () => {
  assert.equal(
    fullJitter(1, { baseMs: 50, capMs: 60 }, () => 0.5),
    25,
  );
  assert.equal(
    fullJitter(5, { baseMs: 50, capMs: 60 }, () => 0.5),
    30,
  );
});
