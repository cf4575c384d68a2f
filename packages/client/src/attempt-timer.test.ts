import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttemptStop, NO_STOP } from './attempt-stop.js';
import { joinSlot, leaveSlot, slotSignal } from './attempt-timer.js';
import { TIMER_SLOT_MS } from './limits.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('attempts ending in the same slot share it; those still in it expire, those gone do not', async () => {
  // Just past a slot boundary, so `at` and `at + 1 ms` fall in the same slot.
  const at = Math.floor((performance.now() + 50) / TIMER_SLOT_MS) * TIMER_SLOT_MS + 1;
  const fired: string[] = [];
  const a = () => fired.push('a');
  const b = () => fired.push('b');
  const slotA = joinSlot(at, a);
  const slotB = joinSlot(at + 1, b);
  assert.equal(slotA, slotB, 'one slot, one timer');
  const signal = slotSignal(slotA);
  leaveSlot(slotB, b);
  await wait(50 + 3 * TIMER_SLOT_MS);
  assert.deepEqual(fired, ['a']);
  assert.ok(signal.aborted, 'the shared signal fires with the slot');
});

test('an AttemptStop cancels through the function the transport registered, once', () => {
  const stop = new AttemptStop();
  const seen: unknown[] = [];
  stop.onStop((reason) => seen.push(reason));
  const reason = new Error('timeout');
  stop.stop(reason);
  stop.stop(new Error('later'));
  assert.deepEqual(seen, [reason]);
  assert.equal(stop.reason, reason);
  const late: unknown[] = [];
  stop.onStop((r) => late.push(r));
  assert.deepEqual(late, [reason], 'registered after the stop: called at once');
});

test('signal(): the shared one when given, else its own that aborts with the stop', () => {
  const shared = new AbortController().signal;
  assert.equal(new AttemptStop(() => shared).signal(), shared);
  const stop = new AttemptStop();
  const own = stop.signal();
  assert.equal(own.aborted, false);
  stop.stop(new Error('caller left'));
  assert.ok(own.aborted);
  NO_STOP.stop(new Error('ignored'));
  assert.equal(NO_STOP.stopped, false, 'the placeholder never stops');
});
