// mulberry32: a small seeded PRNG, so every bench run (and every contender in one) sees the same
// inputs. Changing it changes every seeded world: bench/dashboard's cached seed is keyed on it
// through SEED_VERSION.

/** @example const r = rng(42); r() // a float in [0, 1), the same for the same seed */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
