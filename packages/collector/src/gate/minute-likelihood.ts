/**
 * One minute's evidence. Given the minute's traffic (n canary and m baseline requests) and its
 * total 5xx t, the canary's share x of those errors follows Fisher's noncentral hypergeometric
 * distribution with odds ratio ψ (the odds of a canary request failing over a baseline one):
 * P(x) ∝ C(n, x) C(m, t − x) ψ^x. Conditioning on t removes the unknown baseline rate, and on
 * the traffic split removes how the traffic was divided: what is left is exact at any count,
 * however few errors there are (no normal approximation), and under ψ = 1 it is the central
 * hypergeometric of Fisher's exact test.
 */

import type { PairedMinute } from './arm-counts.js';
import { cleanCounts } from './arm-counts.js';

/** log Σ exp(values), without overflow. */
function logSumExp(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * log P_ψ(x) − log P_ψ0(x) for each ψ in `psis`: the minute's log likelihood ratios against
 * the null odds ratio ψ0. A minute without errors (or without traffic in one arm) says nothing:
 * all zeros.
 * @example minuteLogRatios({ canary: { requests: 100, errors: 3 }, baseline: { requests: 100, errors: 0 } }, 1, [2])
 */
export function minuteLogRatios(minute: PairedMinute, psi0: number, psis: readonly number[]): number[] {
  const c = cleanCounts(minute.canary);
  const b = cleanCounts(minute.baseline);
  const n = c.requests;
  const m = b.requests;
  const t = c.errors + b.errors;
  if (t === 0 || n === 0 || m === 0) return psis.map(() => 0);
  const low = Math.max(0, t - m);
  const high = Math.min(t, n);
  // log C(n, y) C(m, t − y) up to a constant (it cancels in every ratio), by the recurrence
  // between neighbours, so no factorial is ever formed.
  const logWeights: number[] = [0];
  for (let y = low; y < high; y++) {
    const step = Math.log((n - y) * (t - y)) - Math.log((y + 1) * (m - t + y + 1));
    logWeights.push((logWeights[logWeights.length - 1] as number) + step);
  }
  const logZ = (psi: number) => {
    const lp = Math.log(psi);
    return logSumExp(logWeights.map((w, i) => w + (low + i) * lp));
  };
  const x = c.errors;
  const z0 = logZ(psi0);
  return psis.map((psi) => x * Math.log(psi / psi0) + z0 - logZ(psi));
}
