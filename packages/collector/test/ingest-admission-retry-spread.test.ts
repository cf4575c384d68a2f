/**
 * Regression ("Hardening the collector" §3): every admission refusal said Retry-After: 1, so the
 * hundreds of senders refused at an overload's onset all came back in the same second, a wave
 * the loop met as a second onset (bench, 2× overload, senders honouring Retry-After: the accepted
 * p99 was made in those waves). Now each refusal draws its Retry-After from whole seconds between
 * ADMISSION_MIN_RETRY_AFTER_S and ADMISSION_MAX_RETRY_AFTER_S, in both headers SDKs read, on
 * every path that refuses (the graded bounds and the admitted rate).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IngestRejection } from '../src/ingest/http-errors.js';
import { DEFAULT_INGEST_OPTIONS } from '../src/ingest/index.js';
import { ADMISSION_MAX_RETRY_AFTER_S, ADMISSION_MIN_RETRY_AFTER_S } from '../src/limits.js';
import { fakeAdmission } from './admission-fake.js';

/** A seeded uniform source (mulberry32): the same draws on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Checks `n` requests; the refusals' Retry-After seconds, counted by value, and their messages. */
function refuse(admission: ReturnType<typeof fakeAdmission>['admission'], n: number) {
  const seconds = new Map<number, number>();
  const messages = new Set<string>();
  for (let i = 0; i < n; i++) {
    try {
      admission.check();
    } catch (err) {
      assert.ok(err instanceof IngestRejection);
      assert.equal(err.status, 429);
      const s = Number(err.headers['retry-after']);
      assert.equal(err.headers['x-sentry-rate-limits'], `${s}::organization:backpressure`);
      seconds.set(s, (seconds.get(s) ?? 0) + 1);
      messages.add(err.message.replace(/\d+/g, 'N'));
    }
  }
  return { seconds, messages };
}

/** The refusals spread evenly over every whole second of the range: senders refused together
 * come back a quarter at a time, not all in one second. */
function assertSpread(seconds: Map<number, number>) {
  const total = [...seconds.values()].reduce((a, b) => a + b, 0);
  assert.ok(total >= 500, `enough refusals to judge: ${total}`);
  const span = ADMISSION_MAX_RETRY_AFTER_S - ADMISSION_MIN_RETRY_AFTER_S + 1;
  assert.deepEqual(
    [...seconds.keys()].sort((a, b) => a - b),
    Array.from({ length: span }, (_, i) => ADMISSION_MIN_RETRY_AFTER_S + i),
  );
  for (const [s, count] of seconds)
    assert.ok(
      Math.abs(count / total - 1 / span) < 0.05,
      `${count} of ${total} refusals said ${s} s: one second gets a wave`,
    );
}

describe('ingest admission: Retry-After spread', () => {
  it('draws each refusal of the graded bounds its own Retry-After over the range', () => {
    // The oldest batch at twice ADMISSION_COMMIT_LATENCY_MS: every request is refused.
    const { admission, dice } = fakeAdmission(() => 2 * DEFAULT_INGEST_OPTIONS.admissionCommitLatencyMs);
    dice.next = seeded(12);
    const { seconds, messages } = refuse(admission, 2_000);
    assert.deepEqual(
      [...messages],
      ['collector overloaded: commit latency N ms is past ADMISSION_COMMIT_LATENCY_MS (N)'],
    );
    assertSpread(seconds);
  });

  it('and each refusal of the admitted rate', () => {
    const { admission, read, dice } = fakeAdmission();
    const o = DEFAULT_INGEST_OPTIONS;
    // Saturated at 2,000/s, then a read that fell behind with twice that asked: the rate is cut.
    for (let i = 0; i < o.admissionWindowMs / o.admissionSampleMs; i++) read(5, 0.97, 200);
    read(2 * o.admissionTargetDelayMs, 0.99, 200, 400);
    assert.ok(admission.state().admittedShare < 1, 'the admitted rate is cut');
    dice.next = seeded(34);
    const { seconds, messages } = refuse(admission, 20_000);
    assert.deepEqual(
      [...messages],
      [
        'collector overloaded: event-loop delay N ms passed ADMISSION_TARGET_DELAY_MS (N): admitting ~N of ~N requests/s',
      ],
    );
    assertSpread(seconds);
  });
});
