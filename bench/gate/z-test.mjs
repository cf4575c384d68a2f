// The anchor Argo Rollouts and Flagger users build: a fixed-sample one-sided two-proportion
// z-test (pooled variance) on the window's totals, asked again at every analysis interval.

/** One-sided 95 % normal quantile: the test's cutoff at alpha 0.05. */
export const Z_CUTOFF_ALPHA_05 = 1.6448536269514722;

/**
 * Whether the canary's 5xx proportion is significantly above the baseline's.
 * @example zTestRejects({ requests: 500, errors: 9 }, { requests: 500, errors: 1 }, Z_CUTOFF_ALPHA_05) // true
 */
export function zTestRejects(canary, baseline, cutoff) {
  const n1 = canary.requests;
  const n2 = baseline.requests;
  if (n1 === 0 || n2 === 0) return false;
  const pooled = (canary.errors + baseline.errors) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (variance === 0) return false;
  return (canary.errors / n1 - baseline.errors / n2) / Math.sqrt(variance) > cutoff;
}
