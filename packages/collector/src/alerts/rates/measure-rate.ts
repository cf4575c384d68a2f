/**
 * What a rate trigger sees in a series' counts (pure): whether it is over its line, whether there
 * is enough traffic to say so, whether it has recovered (hysteresis), the numbers a notification
 * shows, and the sentence the evaluation log keeps.
 */

import {
  RATE_ALERT_DECIMALS,
  RATE_ALERT_RESOLVE_RATIO,
  SLO_BURN_MIN_REQUESTS,
  SLO_BURN_PAIRS,
} from '../../limits.js';
import type { RouteRateTrigger, SloBurnTrigger } from '../rules/rule-types.js';
import { type RouteSeries, type WindowCount, windowCount } from './route-series.js';

/** The window a notification shows, with its share of 5xx. */
export interface ShownWindow extends WindowCount {
  windowMinutes: number;
  rate: number;
}

export interface RateMeasure {
  /** At or above the line (route-5xx-rate: threshold; slo-burn: a window pair burns). */
  over: boolean;
  /** Enough requests to fire (route-5xx-rate: minRequests; slo-burn: SLO_BURN_MIN_REQUESTS in a
   * pair's long window). */
  enough: boolean;
  /** An open incident may resolve (route-5xx-rate: below RATE_ALERT_RESOLVE_RATIO × threshold;
   * slo-burn: no pair burns). */
  recovered: boolean;
  shown: ShownWindow;
  /** The values that decided, for the evaluation log's inputs. */
  values: Record<string, unknown>;
  /** The measure as a sentence with its values. */
  text: string;
}

/** A burn rate or share rounded so that a value exactly at its line compares as at it. */
export const rounded = (x: number) => {
  const scale = 10 ** RATE_ALERT_DECIMALS;
  return Math.round(x * scale) / scale;
};

const share = (c: WindowCount) => (c.requests === 0 ? 0 : c.errors / c.requests);
const percent = (x: number) => `${Number((x * 100).toFixed(2))} %`;
const shown = (c: WindowCount, windowMinutes: number): ShownWindow => ({
  ...c,
  windowMinutes,
  rate: rounded(share(c)),
});

/**
 * @example measureRouteRate({ type: 'route-5xx-rate', threshold: 0.05, windowMinutes: 5, minRequests: 20 }, series)
 */
export function measureRouteRate(t: RouteRateTrigger, series: Pick<RouteSeries, 'windows'>): RateMeasure {
  const c = windowCount(series, t.windowMinutes);
  const rate = rounded(share(c));
  return {
    over: rate >= t.threshold,
    enough: c.requests >= t.minRequests,
    recovered: rate < rounded(RATE_ALERT_RESOLVE_RATIO * t.threshold),
    shown: shown(c, t.windowMinutes),
    values: {
      requests: c.requests,
      errors: c.errors,
      rate,
      threshold: t.threshold,
      minRequests: t.minRequests,
    },
    text: `${c.errors} of ${c.requests} requests answered 5xx in the last ${t.windowMinutes} min (${percent(rate)}; threshold ${percent(t.threshold)}, at least ${t.minRequests} requests)`,
  };
}

/** One window pair of the SRE workbook's multi-window alert, as measured. */
export interface BurnPair {
  factor: number;
  longMinutes: number;
  shortMinutes: number;
  longBurn: number;
  shortBurn: number;
  longRequests: number;
  /** Enough requests in the long window to count. */
  counts: boolean;
  burns: boolean;
}

/**
 * The burn rate of each window pair: error share ÷ (1 − objective); a pair burns when both its
 * windows are at or above its factor and its long window has SLO_BURN_MIN_REQUESTS requests.
 * @example burnPairs(0.999, series)[0] // { factor: 14.4, longMinutes: 60, shortMinutes: 5, longBurn: 20, … }
 */
export function burnPairs(objective: number, series: Pick<RouteSeries, 'windows'>): BurnPair[] {
  const budget = 1 - objective;
  const burn = (c: WindowCount) => rounded(share(c) / budget);
  return SLO_BURN_PAIRS.map((p) => {
    const long = windowCount(series, p.longMinutes);
    const short = windowCount(series, p.shortMinutes);
    const longBurn = burn(long);
    const shortBurn = burn(short);
    const counts = long.requests >= SLO_BURN_MIN_REQUESTS;
    return {
      factor: p.factor,
      longMinutes: p.longMinutes,
      shortMinutes: p.shortMinutes,
      longBurn,
      shortBurn,
      longRequests: long.requests,
      counts,
      burns: counts && longBurn >= p.factor && shortBurn >= p.factor,
    };
  });
}

const span = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/**
 * @example measureSloBurn({ type: 'slo-burn', objective: 0.999 }, series).over
 */
export function measureSloBurn(t: SloBurnTrigger, series: Pick<RouteSeries, 'windows'>): RateMeasure {
  const pairs = burnPairs(t.objective, series);
  const burning = pairs.find((p) => p.burns);
  // The window a notification shows: the burning pair's long one, else the fastest pair's.
  const first = pairs[0] as BurnPair;
  const windowMinutes = (burning ?? first).longMinutes;
  return {
    over: burning !== undefined,
    enough: pairs.some((p) => p.counts),
    recovered: burning === undefined,
    shown: shown(windowCount(series, windowMinutes), windowMinutes),
    values: {
      objective: t.objective,
      pairs: pairs.map((p) => ({
        factor: p.factor,
        longMinutes: p.longMinutes,
        shortMinutes: p.shortMinutes,
        longBurn: p.longBurn,
        shortBurn: p.shortBurn,
        longRequests: p.longRequests,
      })),
    },
    text: `${pairs
      .map(
        (p) =>
          `burn rate ${p.longBurn}× over ${span(p.longMinutes)} and ${p.shortBurn}× over ${span(p.shortMinutes)} (pages at ${p.factor}× on both${p.counts ? '' : `; ${p.longRequests} requests, fewer than ${SLO_BURN_MIN_REQUESTS}`})`,
      )
      .join('; ')}; objective ${percent(t.objective)}`,
  };
}
