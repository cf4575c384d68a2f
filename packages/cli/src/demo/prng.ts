/**
 * The demo's seeded choices: the same `--seed` sends the same sequence of requests, so a demo
 * run (and its test) can be repeated. The generator is core's `seededRandom`.
 */

import type { Random } from '@faultline/core';

export { type Random, seededRandom } from '@faultline/core';

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
