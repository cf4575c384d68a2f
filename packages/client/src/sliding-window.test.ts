import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SlidingWindow } from './sliding-window.js';

test('counts inside the window and forgets what slid out', () => {
  const w = new SlidingWindow(1000, 10);
  w.add(0, 'a');
  w.add(50, 'a');
  w.add(950, 'b', 3);
  assert.deepEqual(w.totals(999), { a: 2, b: 3 });
  assert.deepEqual(w.totals(1000), { a: 0, b: 3 }, 'the first 100 ms bucket expired');
  assert.deepEqual(w.totals(1950), { a: 0, b: 0 });
});

test('a long gap clears every bucket', () => {
  const w = new SlidingWindow(1000, 10);
  for (let t = 0; t < 1000; t += 10) w.add(t, 'a');
  assert.equal(w.totals(999).a, 100);
  assert.equal(w.totals(1_000_000).a, 0);
  w.add(1_000_000, 'a');
  assert.equal(w.totals(1_000_050).a, 1);
});

test('reset empties the window', () => {
  const w = new SlidingWindow(1000);
  w.add(10, 'b', 5);
  w.reset();
  assert.deepEqual(w.totals(10), { a: 0, b: 0 });
});
