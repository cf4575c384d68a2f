// An exact binomial sampler for the simulated minutes. Geometric jumps: the gap to the next
// failing request is geometric, so a draw costs O(n·p + 1) uniforms instead of n, and it is
// exact (no normal or Poisson approximation) at every n and p, which matters here because the
// interesting minutes have 0–3 errors.

/**
 * Binomial(n, p) from the uniform source `random` (a seededRandom).
 * @example binomial(seededRandom(1), 1000, 0.001) // 0, 1, 2…
 */
export function binomial(random, n, p) {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  // Past one half, count the successes instead: fewer jumps.
  if (p > 0.5) return n - binomial(random, n, 1 - p);
  const logQ = Math.log1p(-p);
  let count = 0;
  let position = 0;
  for (;;) {
    // 1 − random() is in (0, 1], so the log is finite.
    position += Math.floor(Math.log(1 - random()) / logQ) + 1;
    if (position > n) return count;
    count++;
  }
}
