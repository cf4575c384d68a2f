/**
 * slo-burn's multi-window burn rate (issue 14 §1, §6 "burn-rate windows on a seeded series"):
 * the pure measure, with exact verdicts at the SRE workbook's boundaries (14.4× over 1 h and
 * 5 min, 6× over 6 h and 30 min, both windows of a pair), the request floor, and a per-minute
 * series summed into the windows as the store sums them.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { burnPairs, measureSloBurn } from '../src/alerts/rates/measure-rate.js';
import type { WindowCount } from '../src/alerts/rates/route-series.js';
import { SLO_BURN_MIN_REQUESTS } from '../src/limits.js';

type Windows = Partial<Record<5 | 30 | 60 | 360, [requests: number, errors: number]>>;
const series = (w: Windows) => ({
  windows: new Map<number, WindowCount>(
    Object.entries(w).map(([m, [requests, errors]]) => [Number(m), { requests, errors }]),
  ),
});
const verdict = (objective: number, w: Windows) => measureSloBurn({ type: 'slo-burn', objective }, series(w));

test('14.4× over both 1 h and 5 min pages; a hair below on either window does not', () => {
  // 99.9 %: a budget of 0.1 %, so 14.4× is 1.44 % of requests failing.
  assert.equal(verdict(0.999, { 60: [10_000, 144], 5: [1_000, 15] }).over, true);
  assert.equal(verdict(0.999, { 60: [10_000, 143], 5: [1_000, 15] }).over, false, '14.3× over 1 h');
  assert.equal(verdict(0.999, { 60: [10_000, 144], 5: [1_000, 14] }).over, false, '14× over 5 min');
  assert.equal(verdict(0.999, { 60: [10_000, 144], 5: [1_000, 144] }).over, true);
  const [fast] = burnPairs(0.999, series({ 60: [10_000, 144], 5: [1_000, 15] }));
  assert.deepEqual(
    { longBurn: fast?.longBurn, shortBurn: fast?.shortBurn, burns: fast?.burns },
    { longBurn: 14.4, shortBurn: 15, burns: true },
  );
});

test('6× over both 6 h and 30 min pages; a hair below on either window does not', () => {
  assert.equal(verdict(0.999, { 360: [100_000, 600], 30: [10_000, 60] }).over, true);
  assert.equal(verdict(0.999, { 360: [100_000, 599], 30: [10_000, 60] }).over, false, '5.99× over 6 h');
  assert.equal(verdict(0.999, { 360: [100_000, 600], 30: [10_000, 59] }).over, false, '5.9× over 30 min');
  // 6× does not reach the fast pair's 14.4×: only the slow pair burns.
  const pairs = burnPairs(
    0.999,
    series({ 360: [100_000, 600], 30: [10_000, 60], 60: [20_000, 120], 5: [2_000, 12] }),
  );
  assert.deepEqual(
    pairs.map((p) => p.burns),
    [false, true],
  );
});

test('a share exactly at the factor fires whatever floating point makes of 1 − objective', () => {
  // 1 − 0.99 is 0.010000000000000009 in binary floating point: 0.144 ÷ it is 14.39999…
  assert.equal(verdict(0.99, { 60: [1_000, 144], 5: [100, 15] }).over, true);
  assert.equal(verdict(0.99, { 360: [1_000, 60], 30: [500, 30] }).over, true);
  assert.equal(verdict(0.99, { 360: [1_000, 59], 30: [500, 30] }).over, false);
});

test(`a pair counts only with ${SLO_BURN_MIN_REQUESTS} requests in its long window`, () => {
  const few = verdict(0.999, { 60: [SLO_BURN_MIN_REQUESTS - 1, 10], 5: [10, 10] });
  assert.equal(few.over, false);
  assert.equal(few.enough, false);
  assert.match(
    few.text(),
    new RegExp(`${SLO_BURN_MIN_REQUESTS - 1} requests, fewer than ${SLO_BURN_MIN_REQUESTS}`),
  );
  const enough = verdict(0.999, { 60: [SLO_BURN_MIN_REQUESTS, 10], 5: [10, 10] });
  assert.equal(enough.over, true);
  assert.equal(enough.enough, true);
});

test('a seeded per-minute series: a 5-minute spike pages on the fast pair, and the page ends with it', () => {
  // Six hours of 100 requests a minute at 0.05 % errors (half the budget), newest minute last.
  const minutes = Array.from({ length: 360 }, () => ({ requests: 100, errors: 0.05 }));
  const sum = (from: number, upto: number) => {
    const slice = minutes.slice(from, upto);
    return {
      requests: slice.reduce((n, m) => n + m.requests, 0),
      errors: Math.round(slice.reduce((n, m) => n + m.errors, 0)),
    };
  };
  const windowsAt = (end: number) => ({
    windows: new Map(
      [5, 30, 60, 360].map((w) => [w, sum(Math.max(0, end - w), end)] as [number, WindowCount]),
    ),
  });
  const burning = (end: number) => measureSloBurn({ type: 'slo-burn', objective: 0.999 }, windowsAt(end));
  assert.equal(burning(360).over, false, 'the steady state burns at 0.5×');
  // A spike: 20 % of requests fail for the 5 minutes that end at minute 300.
  for (let i = 295; i < 300; i++) minutes[i] = { requests: 100, errors: 20 };
  // 1 h: 103 of 6,000 requests (100 + 55 × 0.05, rounded) ≈ 1.72 % → 17.2×; 5 min: 20 % → 200×.
  const atSpike = burning(300);
  assert.equal(atSpike.over, true);
  assert.equal(atSpike.shown.windowMinutes, 60);
  // 5 minutes after the spike the short window is clean again: no pair burns, the page ends.
  const after = burning(305);
  assert.equal(after.over, false);
  assert.equal(after.recovered, true);
  // The slow pair does not burn: 30 min at 33.7×, but 6 h at 115 of 30,000 requests, 3.83×.
  const slow = burnPairs(0.999, windowsAt(300))[1];
  assert.deepEqual(
    { shortBurn: slow?.shortBurn, longBurn: slow?.longBurn, burns: slow?.burns },
    {
      shortBurn: Math.round((101 / 3000 / 0.001) * 1e9) / 1e9,
      longBurn: Math.round((115 / 30_000 / 0.001) * 1e9) / 1e9,
      burns: false,
    },
  );
});
