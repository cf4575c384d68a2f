/**
 * The canary verdict from per-minute counts (issue 15 §1): `fail` when the canary's 5xx rate is
 * above the baseline's beyond the margin with error probability ≤ alpha, overall or on one busy
 * route template (Holm across them); `pass` when both arms have minRequests and nothing failed;
 * `inconclusive` otherwise. Never `pass` on no data. Pure: the caller reads the counts.
 */

import { GATE_MAX_ROUTES, GATE_MIN_ROUTE_REQUESTS } from '../limits.js';
import { type ArmCounts, cleanCounts, type PairedMinute, totals } from './arm-counts.js';
import { anytimePValue, regressionEProcess } from './e-process.js';
import { holmRejects } from './holm.js';
import { type RouteMix, routeMix } from './route-mix.js';

/** One stored count: an arm's requests and 5xx on one route template in one minute. */
export interface GateRow {
  minute: number;
  route: string;
  arm: 'canary' | 'baseline';
  requests: number;
  errors: number;
  /** Of `errors`, those a dependency caused and those of an overloaded process (absent: unknown). */
  dependency5xx?: number;
  overload5xx?: number;
}

export interface GateParameters {
  alpha: number;
  /** Requests each arm needs before the verdict may be `pass`. */
  minRequests: number;
  /** Allowed relative increase of the canary's error odds (0.2: 20 %). */
  margin: number;
  /** Count dependency and overload 5xx too (by default they are left out: a downstream outage
   * during the window says nothing about the canary's code). */
  includeDependency?: boolean;
}

export interface ArmSummary extends ArmCounts {
  /** errors ÷ requests, 0 without requests. `errors` are the 5xx the verdict counted. */
  rate: number;
  /** 5xx a dependency caused, and of an overloaded process: counted in `errors` only with
   * includeDependency. */
  dependency5xx: number;
  overload5xx: number;
}

export interface RouteVerdict {
  route: string;
  canary: ArmSummary;
  baseline: ArmSummary;
  eValue: number;
  pValue: number;
  regressed: boolean;
}

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface GateVerdict {
  verdict: Verdict;
  reason: string;
  method: string;
  parameters: GateParameters;
  canary: ArmSummary;
  baseline: ArmSummary;
  /** The whole canary's largest e-value, and its anytime-valid p-value. */
  eValue: number;
  pValue: number;
  /** The busiest route templates tested on their own (both arms ≥ GATE_MIN_ROUTE_REQUESTS). */
  routes: RouteVerdict[];
  routeMix: RouteMix;
}

export const GATE_METHOD =
  'mixture sequential probability ratio test (e-process) on the conditional (noncentral hypergeometric) share of each minute’s 5xx, anytime-valid; Holm across the whole canary and its busiest routes';

const summary = (c: ArmCounts, excused: Excused): ArmSummary => ({
  ...c,
  rate: c.requests === 0 ? 0 : c.errors / c.requests,
  ...excused,
});

interface Excused {
  dependency5xx: number;
  overload5xx: number;
}

/** The 5xx a row counts for the verdict: all, or without those of dependencies and overload. */
function countedErrors(r: GateRow, includeDependency: boolean): number {
  if (includeDependency) return r.errors;
  return Math.max(0, r.errors - (r.dependency5xx ?? 0) - (r.overload5xx ?? 0));
}

type ExcusedArms = Record<GateRow['arm'], Excused>;

/** Per key (the whole canary or one route) and arm, the dependency and overload 5xx. */
function excusedBy(rows: readonly GateRow[], keyOf: (r: GateRow) => string): Map<string, ExcusedArms> {
  const byKey = new Map<string, ExcusedArms>();
  for (const r of rows) {
    const key = keyOf(r);
    const sum = byKey.get(key) ?? {
      canary: { dependency5xx: 0, overload5xx: 0 },
      baseline: { dependency5xx: 0, overload5xx: 0 },
    };
    byKey.set(key, sum);
    sum[r.arm].dependency5xx += r.dependency5xx ?? 0;
    sum[r.arm].overload5xx += r.overload5xx ?? 0;
  }
  return byKey;
}

const NONE: ExcusedArms = {
  canary: { dependency5xx: 0, overload5xx: 0 },
  baseline: { dependency5xx: 0, overload5xx: 0 },
};

const percent = (rate: number) => `${(rate * 100).toPrecision(2)} %`;

/** Per key (the whole canary or one route), its minutes in time order. */
function pairedMinutes(
  rows: readonly GateRow[],
  keyOf: (r: GateRow) => string,
  includeDependency: boolean,
): Map<string, PairedMinute[]> {
  const byKey = new Map<string, Map<number, PairedMinute>>();
  for (const r of rows) {
    const key = keyOf(r);
    const minutes = byKey.get(key) ?? new Map<number, PairedMinute>();
    byKey.set(key, minutes);
    const m = minutes.get(r.minute) ?? {
      canary: { requests: 0, errors: 0 },
      baseline: { requests: 0, errors: 0 },
    };
    minutes.set(r.minute, m);
    const c = cleanCounts({ requests: r.requests, errors: countedErrors(r, includeDependency) });
    m[r.arm].requests += c.requests;
    m[r.arm].errors += c.errors;
  }
  const out = new Map<string, PairedMinute[]>();
  for (const [key, minutes] of byKey)
    out.set(
      key,
      [...minutes].sort((a, b) => a[0] - b[0]).map(([, m]) => m),
    );
  return out;
}

/**
 * @example canaryVerdict(rows, { alpha: 0.05, minRequests: 500, margin: 0 }).verdict // 'pass'
 */
export function canaryVerdict(rows: readonly GateRow[], parameters: GateParameters): GateVerdict {
  const { alpha, minRequests, margin } = parameters;
  const include = parameters.includeDependency === true;
  const overallMinutes = pairedMinutes(rows, () => '', include).get('') ?? [];
  const overall = totals(overallMinutes);
  const whole = regressionEProcess(overallMinutes, margin);

  const perRoute = [...pairedMinutes(rows, (r) => r.route, include)].map(([route, minutes]) => ({
    route,
    minutes,
    sum: totals(minutes),
  }));
  const mix = routeMix(
    perRoute.map((r) => ({ canary: r.sum.canary.requests, baseline: r.sum.baseline.requests })),
  );
  const tested =
    perRoute.length < 2
      ? []
      : perRoute
          .filter(
            (r) =>
              r.sum.canary.requests >= GATE_MIN_ROUTE_REQUESTS &&
              r.sum.baseline.requests >= GATE_MIN_ROUTE_REQUESTS,
          )
          .sort(
            (a, b) =>
              b.sum.canary.requests +
                b.sum.baseline.requests -
                (a.sum.canary.requests + a.sum.baseline.requests) || (a.route < b.route ? -1 : 1),
          )
          .slice(0, GATE_MAX_ROUTES);
  const routeResults = tested.map((r) => ({ ...r, e: regressionEProcess(r.minutes, margin) }));
  const pValues = [anytimePValue(whole.maxE), ...routeResults.map((r) => anytimePValue(r.e.maxE))];
  const rejected = holmRejects(pValues, alpha);

  const excusedByRoute = excusedBy(rows, (r) => r.route);
  const routes: RouteVerdict[] = routeResults.map((r, i) => ({
    route: r.route,
    canary: summary(r.sum.canary, (excusedByRoute.get(r.route) ?? NONE).canary),
    baseline: summary(r.sum.baseline, (excusedByRoute.get(r.route) ?? NONE).baseline),
    eValue: r.e.maxE,
    pValue: pValues[i + 1] as number,
    regressed: rejected[i + 1] as boolean,
  }));
  const excused = excusedBy(rows, () => '').get('') ?? NONE;
  const canary = summary(overall.canary, excused.canary);
  const baseline = summary(overall.baseline, excused.baseline);
  const left = canary.dependency5xx + canary.overload5xx;
  const causeNote =
    !include && left > 0
      ? `; ${canary.dependency5xx} dependency and ${canary.overload5xx} overload 5xx of the canary are not counted (a downstream outage says nothing about its code; includeDependency counts them)`
      : '';
  const base = {
    method: GATE_METHOD,
    parameters,
    canary,
    baseline,
    eValue: whole.maxE,
    pValue: pValues[0] as number,
    routes,
    routeMix: mix,
  };
  const threshold = `1/alpha = ${Math.round(1 / alpha)}`;
  const marginText = margin > 0 ? ` by more than ${Math.round(margin * 100)} %` : '';

  const failedRoutes = routes.filter((r) => r.regressed);
  if (rejected[0] || failedRoutes.length > 0) {
    const parts: string[] = [];
    if (rejected[0])
      parts.push(
        `the canary's 5xx rate ${percent(canary.rate)} is above the baseline's ${percent(baseline.rate)}${marginText} (e-value ${whole.maxE.toPrecision(3)} ≥ ${threshold}, Holm-adjusted)`,
      );
    for (const r of failedRoutes)
      parts.push(
        `${r.route}: ${percent(r.canary.rate)} against ${percent(r.baseline.rate)} (e-value ${r.eValue.toPrecision(3)})`,
      );
    return { verdict: 'fail', reason: `${parts.join('; ')}${causeNote}`, ...base };
  }
  const short = [
    canary.requests < minRequests
      ? `the canary has ${canary.requests} of the ${minRequests} requests needed`
      : '',
    baseline.requests < minRequests
      ? `the baseline has ${baseline.requests} of the ${minRequests} requests needed`
      : '',
  ].filter((s) => s !== '');
  const mixNote = mix.differs
    ? `; the arms' route mixes differ (distance ${mix.distance.toFixed(2)}): read the routes`
    : '';
  if (short.length > 0)
    return { verdict: 'inconclusive', reason: `${short.join('; ')}${mixNote}${causeNote}`, ...base };
  return {
    verdict: 'pass',
    reason: `no regression: the canary's 5xx rate ${percent(canary.rate)} against the baseline's ${percent(baseline.rate)} over ${canary.requests} and ${baseline.requests} requests (e-value ${whole.maxE.toPrecision(3)} < ${threshold})${mixNote}${causeNote}`,
    ...base,
  };
}
