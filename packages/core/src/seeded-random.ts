/**
 * Seeded randomness for what must be repeatable: `faultline demo --seed`, the benches' worlds
 * and the fuzz and equivalence tests. mulberry32 (Tommy Ettinger, public domain): 32 bits of
 * state, fast, and good enough for load shapes and test inputs; never for secrets (event-id.ts
 * draws those from node:crypto).
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
