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
}

export interface GateParameters {
  alpha: number;
  /** Requests each arm needs before the verdict may be `pass`. */
  minRequests: number;
  /** Allowed relative increase of the canary's error odds (0.2: 20 %). */
  margin: number;
}

export interface ArmSummary extends ArmCounts {
  /** errors ÷ requests, 0 without requests. */
  rate: number;
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

const summary = (c: ArmCounts): ArmSummary => ({
  ...c,
  rate: c.requests === 0 ? 0 : c.errors / c.requests,
});

const percent = (rate: number) => `${(rate * 100).toPrecision(2)} %`;

/** Per key (the whole canary or one route), its minutes in time order. */
function pairedMinutes(rows: readonly GateRow[], keyOf: (r: GateRow) => string): Map<string, PairedMinute[]> {
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
    const c = cleanCounts(r);
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
  const overallMinutes = pairedMinutes(rows, () => '').get('') ?? [];
  const overall = totals(overallMinutes);
  const whole = regressionEProcess(overallMinutes, margin);

  const perRoute = [...pairedMinutes(rows, (r) => r.route)].map(([route, minutes]) => ({
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

  const routes: RouteVerdict[] = routeResults.map((r, i) => ({
    route: r.route,
    canary: summary(r.sum.canary),
    baseline: summary(r.sum.baseline),
    eValue: r.e.maxE,
    pValue: pValues[i + 1] as number,
    regressed: rejected[i + 1] as boolean,
  }));
  const canary = summary(overall.canary);
  const baseline = summary(overall.baseline);
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
    return { verdict: 'fail', reason: parts.join('; '), ...base };
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
  if (short.length > 0) return { verdict: 'inconclusive', reason: `${short.join('; ')}${mixNote}`, ...base };
  return {
    verdict: 'pass',
    reason: `no regression: the canary's 5xx rate ${percent(canary.rate)} against the baseline's ${percent(baseline.rate)} over ${canary.requests} and ${baseline.requests} requests (e-value ${whole.maxE.toPrecision(3)} < ${threshold})${mixNote}`,
    ...base,
  };
}
