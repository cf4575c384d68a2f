import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SampledOccurrence } from '@faultline/core';
import { SampledPending } from './sampled-pending.js';

const occ = (i: number): SampledOccurrence => ({
  requestId: `r-${i}`,
  method: 'GET',
  route: '/boom',
  status: 500,
  timestamp: 1_700_000_000 + i,
  like: 'a'.repeat(32),
});

test('a full list goes out at once, in order, and nothing is sent twice', () => {
  const sent: string[][] = [];
  const pending = new SampledPending((list) => sent.push(list.map((o) => o.requestId)), 3, 60_000);
  for (let i = 0; i < 7; i++) pending.add(occ(i));
  assert.deepEqual(sent, [
    ['r-0', 'r-1', 'r-2'],
    ['r-3', 'r-4', 'r-5'],
  ]);
  assert.equal(pending.size, 1);
  pending.flush();
  pending.flush();
  assert.deepEqual(sent.at(-1), ['r-6']);
  assert.equal(sent.length, 3);
});

test('a list that does not fill goes out on the timer', async () => {
  const sent: number[] = [];
  const pending = new SampledPending((list) => sent.push(list.length), 100, 20);
  pending.add(occ(1));
  pending.add(occ(2));
  assert.deepEqual(sent, []);
  // Generous: the timer only has to fire at all on a loaded machine.
  for (let waited = 0; sent.length === 0 && waited < 5_000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(sent, [2]);
});
