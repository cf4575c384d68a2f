/**
 * An Admission on a fake clock and a scripted event loop, for the tests that drive its policy
 * with injected readings (house style 3: no sleeps, no real load).
 */

import type { LoopReading, LoopSource } from '@faultline/core';
import { Admission } from '../src/ingest/admission.js';
import { DEFAULT_INGEST_OPTIONS } from '../src/ingest/index.js';

/**
 * `read(delayMs, utilization, completed, arrived = 0)` is one on-time read that sees that
 * delay and utilization, with `arrived` requests checked and `completed` answered since the last
 * one (all working at once; a test that checks its arrivals itself passes none); `arrive(n)`: n
 * requests checked and admitted, working now. `random()` returns `dice.value` unless `dice.next`
 * is set.
 * @example const { admission, read } = fakeAdmission(); read(5, 0.97, 40); admission.check();
 */
export function fakeAdmission(latency = () => 0) {
  let now = 0;
  const readings: LoopReading[] = [];
  const dice: { value: number; next?: () => number } = { value: 0 };
  const since = { ms: 0, utilization: 0 };
  const source: LoopSource = {
    read: () => readings.shift() ?? { delayMs: 0, utilization: 0 },
    sinceRead: () => since,
    close() {},
  };
  const admission = new Admission({ ...DEFAULT_INGEST_OPTIONS, now: () => now }, latency, {
    source,
    random: () => (dice.next ? dice.next() : dice.value),
    autoSample: false,
  });
  /** One request checked (counted as arriving whether admitted or not). */
  const check = () => {
    const saved = dice.next;
    dice.next = () => 0.999_999;
    try {
      admission.check();
    } catch {
      // refused: it arrived all the same
    } finally {
      dice.next = saved;
    }
  };
  const arrive = (n: number) => {
    for (let i = 0; i < n; i++) {
      check();
      admission.started();
    }
  };
  const read = (delayMs: number, utilization = 0.5, completed = 0, arrived = 0) => {
    for (let i = 0; i < arrived; i++) check();
    // All at once, as a group commit answers them: `completed` working requests at the peak.
    for (let i = 0; i < completed; i++) admission.started();
    for (let i = 0; i < completed; i++) admission.finished();
    now += DEFAULT_INGEST_OPTIONS.admissionSampleMs;
    readings.push({ delayMs, utilization });
    admission.sample();
  };
  return { admission, read, arrive, dice, since, advance: (ms: number) => (now += ms) };
}
