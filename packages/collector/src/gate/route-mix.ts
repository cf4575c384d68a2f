/**
 * Whether the two arms served the same mix of routes. When they did not (the canary got more of
 * a route that fails more, on both releases alike), the overall rates compare different traffic
 * and can point either way (Simpson's paradox); the per-route tests are then the ones to read.
 */

import { GATE_ROUTE_MIX_DISTANCE } from '../limits.js';

export interface RouteMix {
  /** Total variation distance between the arms' shares of requests per route, 0–1. */
  distance: number;
  differs: boolean;
}

/**
 * @param routes requests per route for each arm
 * @example routeMix([{ canary: 90, baseline: 50 }, { canary: 10, baseline: 50 }]) // distance 0.4
 */
export function routeMix(routes: readonly { canary: number; baseline: number }[]): RouteMix {
  let canary = 0;
  let baseline = 0;
  for (const r of routes) {
    canary += r.canary;
    baseline += r.baseline;
  }
  if (canary === 0 || baseline === 0) return { distance: 0, differs: false };
  let distance = 0;
  for (const r of routes) distance += Math.abs(r.canary / canary - r.baseline / baseline);
  distance /= 2;
  return { distance, differs: distance >= GATE_ROUTE_MIX_DISTANCE };
}
