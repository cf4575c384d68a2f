/**
 * An e-process for "the canary fails more than the baseline": the product over minutes of each
 * minute's likelihood ratio (minute-likelihood.ts), mixed over GATE_ODDS_RATIOS with equal
 * weights. Under the null (odds ratio ≤ 1 + margin) it is a nonnegative supermartingale with
 * mean ≤ 1 however the traffic is split and whatever the baseline rate does, so by Ville's
 * inequality the chance that it EVER reaches 1/alpha is at most alpha: the verdict may be asked
 * for every minute, or every second, for as long as the canary runs (a mixture sequential
 * probability ratio test; Robbins 1970, Ramdas et al. 2023, "Game-theoretic statistics and
 * safe anytime-valid inference"). The sup over the minutes is taken here, from stored counts,
 * so the verdict depends on the data alone, never on when or how often it was asked.
 */

import { GATE_ODDS_RATIOS } from '../limits.js';
import type { PairedMinute } from './arm-counts.js';
import { minuteLogRatios } from './minute-likelihood.js';

export interface EProcessResult {
  /** The e-value after the last minute. */
  e: number;
  /** The largest e-value at any minute: what the verdict compares with 1/alpha. */
  maxE: number;
  /** The minute (index) at which maxE was reached, -1 when no minute had evidence. */
  maxAt: number;
  /** The alternative odds ratio that explains the data best (the mixture's heaviest term). */
  likelyOddsRatio: number;
}

/**
 * @param margin the canary may fail this much more, relatively, before it is a regression (0.1: 10 %)
 * @example regressionEProcess(minutes, 0).maxE >= 1 / 0.05 // fail at alpha 0.05
 */
export function regressionEProcess(minutes: readonly PairedMinute[], margin = 0): EProcessResult {
  const psi0 = 1 + margin;
  const psis = GATE_ODDS_RATIOS.map((r) => r * psi0);
  const logs = psis.map(() => 0);
  const logWeight = -Math.log(psis.length);
  let e = 1;
  let maxE = 1;
  let maxAt = -1;
  minutes.forEach((minute, index) => {
    const step = minuteLogRatios(minute, psi0, psis);
    for (let k = 0; k < logs.length; k++) logs[k] = (logs[k] as number) + (step[k] as number);
    let top = Number.NEGATIVE_INFINITY;
    for (const l of logs) if (l > top) top = l;
    let sum = 0;
    for (const l of logs) sum += Math.exp(l - top);
    e = Math.exp(top + Math.log(sum) + logWeight);
    if (e > maxE) {
      maxE = e;
      maxAt = index;
    }
  });
  let best = 0;
  for (let k = 1; k < logs.length; k++) if ((logs[k] as number) > (logs[best] as number)) best = k;
  return { e, maxE, maxAt, likelyOddsRatio: psis[best] as number };
}

/**
 * The anytime-valid p-value of an e-process: 1 / its largest value (Ville), at most 1.
 * @example anytimePValue(40) // 0.025
 */
export function anytimePValue(maxE: number): number {
  return Math.min(1, 1 / maxE);
}
