/**
 * The demo's seeded randomness: the same `--seed` sends the same sequence of requests, so a
 * demo run (and its test) can be repeated. mulberry32 (Tommy Ettinger, public domain), the
 * generator bench/shared/rng.mjs uses too; the bench is not a package the CLI can import.
 */

/** A float in [0, 1), as Math.random. */
export type Random = () => number;

/**
 * @example const random = seededRandom(1); random() // the same float for the same seed
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One value drawn by weight.
 * @example pick(random, [['a', 3], ['b', 1]]) // 'a' three times as often as 'b'
 */
export function pick<T>(random: Random, weighted: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of weighted) total += w;
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}
