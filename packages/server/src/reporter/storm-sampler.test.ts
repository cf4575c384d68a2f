import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StormSampler } from './storm-sampler.js';

test('a site gets its burst in full, then one a second', () => {
  const s = new StormSampler({ burst: 3, perS: 1 });
  const full = (now: number) => s.take('a', now).full;
  assert.deepEqual([full(0), full(0), full(0), full(0), full(500)], [true, true, true, false, false]);
  assert.equal(full(1000), true, 'one token after a second');
  assert.equal(full(1100), false);
  assert.deepEqual([full(60_000), full(60_000), full(60_000), full(60_000)], [true, true, true, false]);
});

test('sites have their own buckets, and an occurrence names its site representative', () => {
  const s = new StormSampler({ burst: 1, perS: 1 });
  assert.deepEqual(s.take('a', 0), { full: true });
  s.represent('a', 'e'.repeat(32));
  assert.deepEqual(s.take('a', 0), { full: false, like: 'e'.repeat(32) });
  assert.deepEqual(s.take('b', 0), { full: true });
  s.refund('b');
  assert.deepEqual(s.take('b', 0), { full: true }, 'a refunded token is spent again');
});

test('the map of sites is bounded, the least recently failing forgotten first', () => {
  const s = new StormSampler({ burst: 1, perS: 0.001, maxSites: 2 });
  s.take('a', 0);
  s.take('b', 0);
  assert.equal(s.take('a', 0).full, false, 'a is spent, and now the most recent');
  s.take('c', 0); // evicts b
  assert.equal(s.sites, 2);
  assert.equal(s.take('a', 0).full, false, 'a was kept');
  assert.equal(s.take('b', 0).full, true, 'b was forgotten: a full bucket again');
});
