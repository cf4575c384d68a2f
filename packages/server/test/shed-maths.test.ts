/**
 * The shedder's maths without a clock or a load: probability against each signal, the
 * jittered Retry-After, the exempt paths, and the options' validation.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, gradedFullAt as fullAt, gradedShare as share } from '@faultline/core';
import {
  SHED_EXEMPT_PATHS,
  SHED_MAX_EVENT_LOOP_DELAY_MS,
  SHED_RETRY_AFTER_MAX_SECONDS,
  SHED_RETRY_AFTER_MIN_SECONDS,
  SHED_SAMPLE_INTERVAL_MS,
} from '../src/limits.js';
import { isExempt, pathOf } from '../src/shed/exempt-paths.js';
import { pressure, smooth } from '../src/shed/pressure.js';
import { retryAfterSeconds } from '../src/shed/retry-after.js';
import { resolveShedOptions } from '../src/shed/shed-options.js';

const GiB = 1024 ** 3;
const thresholds = {
  maxEventLoopDelayMs: 20,
  maxEventLoopUtilization: 0.9,
  maxHeapUsedBytes: 1 * GiB,
  heapLimitBytes: 1.5 * GiB,
};
const calm = { eventLoopDelayMs: 0, eventLoopUtilization: 0.2, heapUsedBytes: 100e6 };
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

test('the refused share grows linearly from the threshold to twice it, as toobusy-js', () => {
  const delay = (eventLoopDelayMs: number) => pressure({ ...calm, eventLoopDelayMs }, thresholds).probability;
  assert.equal(delay(0), 0);
  assert.equal(delay(20), 0, 'at the threshold nothing is refused yet');
  close(delay(25), 0.25); // 1.25× → 25 %
  close(delay(30), 0.5);
  close(delay(35), 0.75);
  assert.equal(delay(40), 1, '2× refuses everything');
  assert.equal(delay(400), 1);
  // monotonic in between
  let last = 0;
  for (let ms = 0; ms <= 50; ms += 0.5) {
    const p = delay(ms);
    assert.ok(p >= last && p <= 1);
    last = p;
  }
});

test('utilization and heap are full at their hard maximum when it comes before twice the threshold', () => {
  assert.equal(fullAt(0.9, 1), 1);
  assert.equal(fullAt(0.4, 1), 0.8);
  assert.equal(fullAt(1 * GiB, 1.5 * GiB), 1.5 * GiB);
  assert.equal(fullAt(1, 1.5 * GiB), 2, 'a tiny heap threshold is full at twice it');
  const elu = (eventLoopUtilization: number) => pressure({ ...calm, eventLoopUtilization }, thresholds);
  close(elu(0.95).probability, 0.5);
  assert.equal(elu(1).probability, 1);
  assert.equal(elu(0.95).signal, 'eventLoopUtilization');
  const heap = pressure({ ...calm, heapUsedBytes: 1.25 * GiB }, thresholds);
  close(heap.probability, 0.5);
  assert.equal(heap.signal, 'heapUsedBytes');
});

test('the worst signal decides, and a signal that is off never does', () => {
  const both = pressure({ eventLoopDelayMs: 25, eventLoopUtilization: 0.99, heapUsedBytes: 0 }, thresholds);
  close(both.probability, 0.9);
  assert.equal(both.signal, 'eventLoopUtilization');
  const noElu = pressure(
    { eventLoopDelayMs: 25, eventLoopUtilization: 0.99, heapUsedBytes: 0 },
    { ...thresholds, maxEventLoopUtilization: undefined },
  );
  close(noElu.probability, 0.25);
  assert.equal(noElu.signal, 'eventLoopDelayMs');
  assert.deepEqual(pressure(calm, thresholds), { probability: 0, signal: undefined });
  assert.equal(share(Number.NaN, 1, 2), 0, 'a missing reading refuses nothing');
});

test('smoothing moves a third of the way to each new reading', () => {
  close(smooth(0, 90, 1 / 3), 30);
  close(smooth(30, 90, 1 / 3), 50);
  close(smooth(90, 0, 1 / 3), 60);
});

test('Retry-After is a whole number of seconds within [min, max], each value as likely', () => {
  assert.equal(retryAfterSeconds(0, 2, 8), 2);
  assert.equal(retryAfterSeconds(0.999999, 2, 8), 8);
  assert.equal(retryAfterSeconds(0.5, 2, 8), 5);
  assert.equal(retryAfterSeconds(0.7, 5, 5), 5);
  const counts = new Map<number, number>();
  const draws = 70_000;
  for (let i = 0; i < draws; i++) {
    const s = retryAfterSeconds(Math.random(), 2, 8);
    assert.ok(Number.isInteger(s) && s >= 2 && s <= 8, `${s} in [2, 8]`);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  assert.equal(counts.size, 7, 'every second of the range is used');
  for (const [s, n] of counts) {
    assert.ok(Math.abs(n - draws / 7) < 0.05 * (draws / 7), `${s}: ${n} of ${draws}`);
  }
});

test('exempt paths match the path only, for origin-form and absolute URLs', () => {
  assert.equal(pathOf('/healthz?verbose=1'), '/healthz');
  assert.equal(pathOf('http://example.test:8080/ready?x'), '/ready');
  assert.equal(pathOf('http://example.test'), '/');
  const paths = new Set(SHED_EXEMPT_PATHS);
  for (const p of ['/health', '/healthz', '/ready', '/readyz', '/live', '/livez'])
    assert.ok(isExempt(p, paths), p);
  assert.ok(isExempt('/health?probe=k8s', paths));
  assert.ok(isExempt('http://127.0.0.1:3000/livez', paths));
  assert.ok(!isExempt('/health/deep', paths), 'exact paths, not prefixes');
  assert.ok(!isExempt('/api/health', paths));
  assert.ok(!isExempt('/orders', paths));
  assert.ok(!isExempt('/health', new Set()), 'an empty list exempts nothing');
});

test('`shed: true` takes the documented defaults', () => {
  const o = resolveShedOptions(true, 4 * GiB);
  assert.equal(o.maxEventLoopDelayMs, SHED_MAX_EVENT_LOOP_DELAY_MS);
  assert.equal(o.maxEventLoopUtilization, undefined);
  assert.equal(o.maxHeapUsedBytes, Math.floor(4 * GiB * 0.9));
  assert.equal(o.heapLimitBytes, 4 * GiB);
  assert.deepEqual([...o.exemptPaths], [...SHED_EXEMPT_PATHS]);
  assert.equal(o.retryAfterMinSeconds, SHED_RETRY_AFTER_MIN_SECONDS);
  assert.equal(o.retryAfterMaxSeconds, SHED_RETRY_AFTER_MAX_SECONDS);
  assert.equal(o.sampleIntervalMs, SHED_SAMPLE_INTERVAL_MS);
  const custom = resolveShedOptions({
    maxEventLoopDelayMs: 50,
    maxEventLoopUtilization: 0.97,
    maxHeapUsedBytes: false,
    exemptPaths: ['/status'],
    retryAfterMinSeconds: 1,
    retryAfterMaxSeconds: 30,
    sampleIntervalMs: 50,
  });
  assert.equal(custom.maxEventLoopDelayMs, 50);
  assert.equal(custom.maxEventLoopUtilization, 0.97);
  assert.equal(custom.maxHeapUsedBytes, undefined);
  assert.deepEqual([...custom.exemptPaths], ['/status']);
});

test('a bad shed option is a ConfigError that names it', () => {
  const bad: [unknown, RegExp][] = [
    ['yes', /shed must be/],
    [[1], /shed must be/],
    [{ maxEventLoopDelayMs: 0 }, /maxEventLoopDelayMs/],
    [{ maxEventLoopDelayMs: -5 }, /maxEventLoopDelayMs/],
    [{ maxEventLoopDelayMs: Number.NaN }, /maxEventLoopDelayMs/],
    [{ maxEventLoopDelayMs: '20' }, /maxEventLoopDelayMs/],
    [{ maxEventLoopUtilization: 1 }, /maxEventLoopUtilization/],
    [{ maxEventLoopUtilization: 0 }, /maxEventLoopUtilization/],
    [{ maxEventLoopUtilization: 98 }, /maxEventLoopUtilization/],
    [{ maxHeapUsedBytes: Number.POSITIVE_INFINITY }, /maxHeapUsedBytes/],
    [{ exemptPaths: '/health' }, /exemptPaths/],
    [{ exemptPaths: ['health'] }, /exemptPaths/],
    [{ exemptPaths: ['/health?x'] }, /exemptPaths/],
    [{ exemptPaths: Array.from({ length: 65 }, (_, i) => `/p${i}`) }, /exemptPaths/],
    [{ retryAfterMinSeconds: 0 }, /retryAfterMinSeconds/],
    [{ retryAfterMaxSeconds: 2.5 }, /retryAfterMaxSeconds/],
    [{ retryAfterMinSeconds: 9, retryAfterMaxSeconds: 3 }, /not be larger/],
    [{ sampleIntervalMs: 5 }, /sampleIntervalMs/],
    [{ sampleIntervalMs: 5000 }, /sampleIntervalMs/],
    [{ maxEventLoopDelay: 20 }, /maxEventLoopDelay is not an option/],
    [{ maxEventLoopDelayMs: false, maxHeapUsedBytes: false }, /every signal is off/],
  ];
  for (const [input, message] of bad) {
    assert.throws(
      () => resolveShedOptions(input as never),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
      JSON.stringify(input),
    );
  }
});
