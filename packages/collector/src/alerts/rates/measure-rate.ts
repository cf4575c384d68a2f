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
  readonly shown: ShownWindow;
  /** The values that decided, for the evaluation log's inputs (made only for what is logged:
   * a pass decides up to 500,000 pairs and logs a few). */
  values: () => Record<string, unknown>;
  /** The measure as a sentence with its values (made only for what is logged or sent). */
  text: () => string;
}

const SCALE = 10 ** RATE_ALERT_DECIMALS;
/**
 * A burn rate or share rounded to RATE_ALERT_DECIMALS, so a value exactly at its line compares as at it.
 * @example rounded(0.144 / (1 - 0.99)) // 14.4 (not 14.399999999999986)
 */
export const rounded = (x: number) => Math.round(x * SCALE) / SCALE;

const share = (c: WindowCount) => (c.requests === 0 ? 0 : c.errors / c.requests);
const percent = (x: number) => `${Number((x * 100).toFixed(2))} %`;
const shown = (c: WindowCount, windowMinutes: number): ShownWindow => ({
  requests: c.requests,
  errors: c.errors,
  windowMinutes,
  rate: rounded(share(c)),
});

/** A class, not an object of closures: a pass makes 500,000 of these and reads most for three
 * booleans; what is shown, logged or sent is made only when asked. */
class RouteRateMeasure implements RateMeasure {
  readonly over: boolean;
  readonly enough: boolean;
  readonly recovered: boolean;
  readonly #t: RouteRateTrigger;
  readonly #c: WindowCount;
  readonly #rate: number;

  constructor(t: RouteRateTrigger, c: WindowCount) {
    this.#t = t;
    this.#c = c;
    this.#rate = rounded(share(c));
    this.over = this.#rate >= t.threshold;
    this.enough = c.requests >= t.minRequests;
    this.recovered = this.#rate < rounded(RATE_ALERT_RESOLVE_RATIO * t.threshold);
  }

  get shown(): ShownWindow {
    return shown(this.#c, this.#t.windowMinutes);
  }

  values() {
    const t = this.#t;
    return {
      requests: this.#c.requests,
      errors: this.#c.errors,
      rate: this.#rate,
      threshold: t.threshold,
      minRequests: t.minRequests,
    };
  }

  text() {
    const t = this.#t;
    const c = this.#c;
    return `${c.errors} of ${c.requests} requests answered 5xx in the last ${t.windowMinutes} min (${percent(this.#rate)}; threshold ${percent(t.threshold)}, at least ${t.minRequests} requests)`;
  }
}

/**
 * @example measureRouteRate({ type: 'route-5xx-rate', threshold: 0.05, windowMinutes: 5, minRequests: 20 }, series)
 */
export function measureRouteRate(t: RouteRateTrigger, series: Pick<RouteSeries, 'windows'>): RateMeasure {
  return new RouteRateMeasure(t, windowCount(series, t.windowMinutes));
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

class SloBurnMeasure implements RateMeasure {
  readonly over: boolean;
  readonly enough: boolean;
  readonly recovered: boolean;
  readonly #t: SloBurnTrigger;
  readonly #pairs: BurnPair[];
  readonly #series: Pick<RouteSeries, 'windows'>;
  /** The window a notification shows: the burning pair's long one, else the fastest pair's. */
  readonly #windowMinutes: number;

  constructor(t: SloBurnTrigger, series: Pick<RouteSeries, 'windows'>) {
    this.#t = t;
    this.#series = series;
    this.#pairs = burnPairs(t.objective, series);
    const burning = this.#pairs.find((p) => p.burns);
    this.over = burning !== undefined;
    this.enough = this.#pairs.some((p) => p.counts);
    this.recovered = burning === undefined;
    this.#windowMinutes = (burning ?? (this.#pairs[0] as BurnPair)).longMinutes;
  }

  get shown(): ShownWindow {
    return shown(windowCount(this.#series, this.#windowMinutes), this.#windowMinutes);
  }

  values() {
    return {
      objective: this.#t.objective,
      pairs: this.#pairs.map((p) => ({
        factor: p.factor,
        longMinutes: p.longMinutes,
        shortMinutes: p.shortMinutes,
        longBurn: p.longBurn,
        shortBurn: p.shortBurn,
        longRequests: p.longRequests,
      })),
    };
  }

  text() {
    const pairs = this.#pairs.map(
      (p) =>
        `burn rate ${p.longBurn}× over ${span(p.longMinutes)} and ${p.shortBurn}× over ${span(p.shortMinutes)} (pages at ${p.factor}× on both${p.counts ? '' : `; ${p.longRequests} requests, fewer than ${SLO_BURN_MIN_REQUESTS}`})`,
    );
    return `${pairs.join('; ')}; objective ${percent(this.#t.objective)}`;
  }
}

/**
 * @example measureSloBurn({ type: 'slo-burn', objective: 0.999 }, series).over
 */
export function measureSloBurn(t: SloBurnTrigger, series: Pick<RouteSeries, 'windows'>): RateMeasure {
  return new SloBurnMeasure(t, series);
}
