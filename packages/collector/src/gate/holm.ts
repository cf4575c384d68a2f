/**
 * Holm's step-down procedure (Holm 1979): which of several hypotheses to reject so that the
 * chance of rejecting any true one stays at most alpha, for any dependence between the tests.
 * The gate tests the whole canary and each busy route template as one family, so a route that
 * breaks fails the canary without ten quiet routes making a false failure ten times likelier.
 */

/**
 * @returns for each p-value, in the given order, whether it is rejected
 * @example holmRejects([0.001, 0.04, 0.3], 0.05) // [true, false, false]
 */
export function holmRejects(pValues: readonly number[], alpha: number): boolean[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const rejected = pValues.map(() => false);
  for (let rank = 0; rank < order.length; rank++) {
    const { p, i } = order[rank] as { p: number; i: number };
    if (p > alpha / (order.length - rank)) break;
    rejected[i] = true;
  }
  return rejected;
}
