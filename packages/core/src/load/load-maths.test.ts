import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gradedFullAt, gradedShare } from './graded-share.js';
import { type LoopTotals, LoopWindow } from './loop-window.js';
import { SampleClock } from './sample-clock.js';

describe('gradedShare', () => {
  test('0 at the threshold, 1 at twice it (or at `full`), linear between; NaN refuses nothing', () => {
    assert.deepEqual(
      [40, 50, 75, 100, 400].map((v) => gradedShare(v, 50)),
      [0, 0, 0.5, 1, 1],
    );
    assert.equal(gradedShare(30, 20, 40), 0.5);
    assert.equal(gradedShare(Number.NaN, 50), 0);
  });

  test('a hard maximum below twice the threshold is where the share is full', () => {
    assert.equal(gradedFullAt(0.9, 1), 1);
    assert.equal(gradedFullAt(0.4, 1), 0.8);
    assert.ok(Math.abs(gradedShare(0.95, 0.9, gradedFullAt(0.9, 1)) - 0.5) < 1e-9);
  });
});

describe('LoopWindow', () => {
  const totals = (delayCount: number, delayMeanNs: number, activeMs: number, idleMs: number): LoopTotals => ({
    delayCount,
    delayMeanNs,
    activeMs,
    idleMs,
  });

  test('each read covers only what happened since the previous one', () => {
    const w = new LoopWindow(10, totals(0, Number.NaN, 0, 0));
    // 10 records of 12 ms each: 2 ms late on average; 60 of 100 ms busy.
    assert.deepEqual(w.next(totals(10, 12e6, 60, 40)), { delayMs: 2, utilization: 0.6 });
    // 10 more records of 30 ms: the running mean is 21 ms over 20 records.
    assert.deepEqual(w.next(totals(20, 21e6, 160, 40)), { delayMs: 20, utilization: 1 });
  });

  test('a window without records or time reads 0, never NaN or negative', () => {
    const w = new LoopWindow(10, totals(5, 10e6, 10, 10));
    assert.deepEqual(w.next(totals(5, 10e6, 10, 10)), { delayMs: 0, utilization: 0 });
    // Timers that fire early read as no delay.
    assert.equal(w.next(totals(15, 9e6, 20, 20)).delayMs, 0);
  });

  test('since() looks at the window so far without starting a new one', () => {
    const w = new LoopWindow(10, totals(0, Number.NaN, 100, 100));
    assert.deepEqual(w.since(totals(0, Number.NaN, 175, 125)), { ms: 100, utilization: 0.75 });
    assert.deepEqual(w.next(totals(0, Number.NaN, 175, 125)), { delayMs: 0, utilization: 0.75 });
  });
});

describe('SampleClock', () => {
  test('a timer that fires late reads the stall in progress; an early or on-time one reads none', () => {
    const clock = new SampleClock(100, 0);
    assert.deepEqual(clock.tick(100), { elapsedMs: 100, lateMs: 0 });
    assert.deepEqual(clock.tick(450), { elapsedMs: 350, lateMs: 250 });
    assert.deepEqual(clock.tick(520), { elapsedMs: 70, lateMs: 0 });
    assert.deepEqual(clock.tick(500), { elapsedMs: 0, lateMs: 0 }, 'a clock that went back');
  });
});
