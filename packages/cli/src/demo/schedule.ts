/**
 * What happens when in a demo run, as data and pure functions of the elapsed time, so the
 * load generator and the runner read one timeline (and a test can read it without clocks).
 * The first incidents come early, so the dashboard has every kind of thing within ~15 s;
 * then the incidents repeat every CYCLE_MS while the demo runs. The deploy of orders@1.1.0
 * happens once.
 */

/** Steady shopper traffic, requests per second across the storefront's routes. */
export const BASE_REQUESTS_PER_S = 20;
/** The incidents repeat with this period. */
export const CYCLE_MS = 30_000;

/** One incident window inside a cycle. */
export interface Incident {
  kind: 'database-down' | 'search-surge';
  /** Start, from the beginning of its cycle. */
  atMs: number;
  durationMs: number;
}

/** Inventory's stock database refuses connections (a cascade whose origin is inventory); then
 * a burst of searches far past what the storefront's CPU can serve (shed requests). */
export const INCIDENTS: readonly Incident[] = [
  { kind: 'database-down', atMs: 2_000, durationMs: 3_000 },
  { kind: 'search-surge', atMs: 6_000, durationMs: 2_000 },
];

/** Extra /search requests per second during a surge: ~1.5 cores of work for one event loop. */
export const SURGE_REQUESTS_PER_S = 300;

/** When orders@1.1.0 replaces orders@1.0.0 (after the coupon crash was resolved "in the next release"). */
export const DEPLOY_AT_MS = 9_000;

/** The conditions at one instant of the run. */
export interface Conditions {
  databaseDown: boolean;
  /** Requests per second on top of the base traffic (0 outside a surge). */
  surgePerSecond: number;
}

function active(kind: Incident['kind'], elapsedMs: number): boolean {
  const inCycle = elapsedMs % CYCLE_MS;
  return INCIDENTS.some((i) => i.kind === kind && inCycle >= i.atMs && inCycle < i.atMs + i.durationMs);
}

/**
 * @example conditionsAt(2_500) // { databaseDown: true, surgePerSecond: 0 }
 */
export function conditionsAt(elapsedMs: number): Conditions {
  return {
    databaseDown: active('database-down', elapsedMs),
    surgePerSecond: active('search-surge', elapsedMs) ? SURGE_REQUESTS_PER_S : 0,
  };
}
