// For one simulated series: the first minute (1-based) at which each method, asked once a
// minute, says "fail"; Infinity when it never does within the series. Polling a method every
// minute fails it at that minute, so "failed within k looks" is firstFail ≤ k.

import { regressionEProcess } from '../../packages/collector/dist/src/gate/index.js';
import { kayentaHigh } from './kayenta-judge.mjs';
import { Z_CUTOFF_ALPHA_05, zTestRejects } from './z-test.mjs';

/**
 * Faultline's e-process: the first prefix whose sup of e-values reaches 1/alpha. The sup only
 * grows with the prefix, so a doubling then bisecting search over prefixes finds it with the
 * package's own function, in O(t log t) minutes for a crossing at t.
 * @example eProcessFirstFail(series, 0.05)
 */
export function eProcessFirstFail(series, alpha) {
  const crossed = (length) => regressionEProcess(series.slice(0, length)).maxE >= 1 / alpha;
  if (!crossed(series.length)) return Number.POSITIVE_INFINITY;
  let high = 1;
  while (high < series.length && !crossed(high)) high *= 2;
  high = Math.min(high, series.length);
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (crossed(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The fixed-sample z-test on the totals so far, asked every minute (Argo / Flagger polling).
 * @example zTestFirstFail(series)
 */
export function zTestFirstFail(series) {
  const canary = { requests: 0, errors: 0 };
  const baseline = { requests: 0, errors: 0 };
  for (let m = 0; m < series.length; m++) {
    canary.requests += series[m].canary.requests;
    canary.errors += series[m].canary.errors;
    baseline.requests += series[m].baseline.requests;
    baseline.errors += series[m].baseline.errors;
    if (zTestRejects(canary, baseline, Z_CUTOFF_ALPHA_05)) return m + 1;
  }
  return Number.POSITIVE_INFINITY;
}

/** Inserts v into the ascending array a. */
function insertSorted(a, v) {
  let k = a.length;
  a.push(v);
  while (k > 0 && a[k - 1] > v) {
    a[k] = a[k - 1];
    k--;
  }
  a[k] = v;
}

/**
 * Kayenta's judge on the per-minute 5xx rates of the window so far, asked every `everyMinutes`
 * minutes (1: every minute; 15: Spinnaker's analysisIntervalMins 15 over a growing window).
 * @example kayentaFirstFail(series, seededRandom(1), { everyMinutes: 15 })
 */
export function kayentaFirstFail(series, random, { everyMinutes = 1, exhaustive = false } = {}) {
  const canaryRates = [];
  const baselineRates = [];
  for (let m = 0; m < series.length; m++) {
    const { canary, baseline } = series[m];
    // nanStrategy replace: a minute without traffic counts as rate 0 (Kayenta's advice for counts).
    insertSorted(canaryRates, canary.requests === 0 ? 0 : canary.errors / canary.requests);
    insertSorted(baselineRates, baseline.requests === 0 ? 0 : baseline.errors / baseline.requests);
    if ((m + 1) % everyMinutes === 0 && kayentaHigh(canaryRates, baselineRates, random, { exhaustive }))
      return m + 1;
  }
  return Number.POSITIVE_INFINITY;
}
