import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Random, seededRandom } from '@faultline/core';
import { canaryVerdict, type GateRow } from './canary-verdict.js';
import { regressionEProcess } from './e-process.js';
import { holmRejects } from './holm.js';
import { minuteLogRatios } from './minute-likelihood.js';
import { routeMix } from './route-mix.js';

/** Binomial(n, p) by geometric jumps between successes: O(n·p) draws. */
function binomial(n: number, p: number, random: Random): number {
  if (p <= 0) return 0;
  let count = 0;
  for (let at = 0; ; count++) {
    at += Math.floor(Math.log(1 - random()) / Math.log(1 - p)) + 1;
    if (at > n) return count;
  }
}

const arm = (requests: number, errors: number) => ({ requests, errors });

test('one minute, one error, equal traffic: the ratio is P_ψ(1) / P_1(1) = 2ψ / (1 + ψ), exactly', () => {
  const [r2, r5] = minuteLogRatios({ canary: arm(1000, 1), baseline: arm(1000, 0) }, 1, [2, 5]);
  assert.ok(Math.abs(Math.exp(r2 as number) - 4 / 3) < 1e-12);
  assert.ok(Math.abs(Math.exp(r5 as number) - 10 / 6) < 1e-12);
  // The error on the baseline's side is evidence the other way.
  const [b2] = minuteLogRatios({ canary: arm(1000, 0), baseline: arm(1000, 1) }, 1, [2]);
  assert.ok(Math.abs(Math.exp(b2 as number) - 2 / 3) < 1e-12);
});

test('a minute without errors, or without traffic in one arm, is no evidence', () => {
  assert.deepEqual(minuteLogRatios({ canary: arm(500, 0), baseline: arm(500, 0) }, 1, [2, 3]), [0, 0]);
  assert.deepEqual(minuteLogRatios({ canary: arm(0, 0), baseline: arm(500, 9) }, 1, [2]), [0]);
});

test('bad counts (errors above requests, negatives, NaN) are made safe, not trusted', () => {
  const [r] = minuteLogRatios({ canary: arm(1, 50), baseline: arm(Number.NaN, -3) }, 1, [2]);
  assert.equal(r, 0);
});

test('sparse: a canary with errors against a baseline with none fails once the errors are unlikely by chance (kayenta #426)', () => {
  const rows = (canaryErrors: number): GateRow[] => [
    { minute: 0, route: 'GET /a', arm: 'canary', requests: 1000, errors: canaryErrors },
    { minute: 0, route: 'GET /a', arm: 'baseline', requests: 1000, errors: 0 },
  ];
  const p = { alpha: 0.05, minRequests: 500, margin: 0 };
  // Equal traffic: every error lands on the canary's side with chance 1/2 under the null.
  assert.equal(canaryVerdict(rows(2), p).verdict, 'pass');
  const eight = canaryVerdict(rows(8), p);
  assert.equal(eight.verdict, 'fail', eight.reason);
  assert.match(eight.reason, /0\.80 % is above the baseline's 0\.0 %/);
});

test('never pass on no data, nor below minRequests', () => {
  const p = { alpha: 0.05, minRequests: 500, margin: 0 };
  assert.equal(canaryVerdict([], p).verdict, 'inconclusive');
  const few: GateRow[] = [
    { minute: 0, route: 'GET /a', arm: 'canary', requests: 30, errors: 0 },
    { minute: 0, route: 'GET /a', arm: 'baseline', requests: 3000, errors: 3 },
  ];
  const v = canaryVerdict(few, p);
  assert.equal(v.verdict, 'inconclusive');
  assert.match(v.reason, /the canary has 30 of the 500 requests needed/);
});

test('the margin: a canary 30 % worse passes a 50 % margin and fails none, on the same counts', () => {
  const rows: GateRow[] = [];
  for (let minute = 0; minute < 60; minute++) {
    rows.push({ minute, route: 'GET /a', arm: 'canary', requests: 10_000, errors: 130 });
    rows.push({ minute, route: 'GET /a', arm: 'baseline', requests: 10_000, errors: 100 });
  }
  assert.equal(canaryVerdict(rows, { alpha: 0.05, minRequests: 500, margin: 0 }).verdict, 'fail');
  assert.equal(canaryVerdict(rows, { alpha: 0.05, minRequests: 500, margin: 0.5 }).verdict, 'pass');
});

test('Holm: step-down rejections', () => {
  assert.deepEqual(holmRejects([0.001, 0.04, 0.3], 0.05), [true, false, false]);
  assert.deepEqual(holmRejects([0.01, 0.02, 0.024], 0.05), [true, true, true]);
  assert.deepEqual(holmRejects([0.02, 0.02], 0.03), [false, false]);
  assert.deepEqual(holmRejects([], 0.05), []);
});

test('route mix: total variation distance between the arms', () => {
  const mix = routeMix([
    { canary: 90, baseline: 50 },
    { canary: 10, baseline: 50 },
  ]);
  assert.ok(Math.abs(mix.distance - 0.4) < 1e-12);
  assert.equal(mix.differs, true);
  assert.equal(routeMix([{ canary: 5, baseline: 500 }]).differs, false);
});

/** Ten routes, 200 requests per minute each per arm, base 5xx rate 0.5 %; `broken` fails at `factor`×. */
function tenRoutes(random: Random, minutes: number, broken?: { route: number; factor: number }): GateRow[] {
  const rows: GateRow[] = [];
  for (let minute = 0; minute < minutes; minute++)
    for (let route = 0; route < 10; route++)
      for (const armName of ['canary', 'baseline'] as const) {
        const factor = armName === 'canary' && broken?.route === route ? broken.factor : 1;
        rows.push({
          minute,
          route: `GET /r${route}`,
          arm: armName,
          requests: 200,
          errors: binomial(200, 0.005 * factor, random),
        });
      }
  return rows;
}

test('one route among ten breaking fails the canary, naming that route, while the overall rate hides it', () => {
  const random = seededRandom(7);
  const rows = tenRoutes(random, 30, { route: 3, factor: 8 });
  const v = canaryVerdict(rows, { alpha: 0.05, minRequests: 500, margin: 0 });
  assert.equal(v.verdict, 'fail', v.reason);
  assert.deepEqual(
    v.routes.filter((r) => r.regressed).map((r) => r.route),
    ['GET /r3'],
  );
  assert.match(v.reason, /GET \/r3: /);
});

test('A/A: however often it is asked, the false-fail rate stays within alpha (500 seeded runs, 60 looks each)', () => {
  const random = seededRandom(2026);
  const alpha = 0.05;
  const runs = 500;
  let falseFails = 0;
  for (let run = 0; run < runs; run++) {
    const minutes = [];
    for (let minute = 0; minute < 60; minute++) {
      // 5 % canary traffic, base rate 1 %: the case where a polled fixed-sample test errs most.
      minutes.push({
        canary: arm(50, binomial(50, 0.01, random)),
        baseline: arm(950, binomial(950, 0.01, random)),
      });
    }
    // maxE is the sup over every minute: a look after each one.
    if (regressionEProcess(minutes).maxE >= 1 / alpha) falseFails++;
  }
  // Binomial(500, 0.05) exceeds 37 with chance < 0.5 %: a rate of alpha would pass, a polled
  // z-test's ~25 % would not.
  assert.ok(falseFails <= 37, `${falseFails} of ${runs} runs failed an equal canary`);
});

test('A/B: a canary at 5× the baseline rate fails within 30 minutes in almost every run', () => {
  const random = seededRandom(99);
  const runs = 200;
  let detected = 0;
  for (let run = 0; run < runs; run++) {
    const minutes = [];
    for (let minute = 0; minute < 30; minute++)
      minutes.push({
        canary: arm(100, binomial(100, 0.05, random)),
        baseline: arm(900, binomial(900, 0.01, random)),
      });
    if (regressionEProcess(minutes).maxE >= 20) detected++;
  }
  assert.ok(detected >= 190, `${detected} of ${runs} detected`);
});
