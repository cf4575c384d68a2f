// The benches' seeded PRNG is core's `seededRandom` (mulberry32), so every bench run (and every
// contender in one) sees the same inputs. Changing it changes every seeded world:
// bench/dashboard's cached seed is keyed on it through SEED_VERSION.
export { seededRandom as rng } from '@faultline/core';
