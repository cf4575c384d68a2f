/**
 * What a rate rule reads (issue 14 §1 "route-5xx-rate", "slo-burn"): one route template's
 * requests and 5xx per (method, release, environment), summed over the windows the rules of its
 * project need, from the middleware's per-minute counts. Its subjects: the series (evaluation
 * log), the route (the action interval), the incident (outbox, PagerDuty's dedup key).
 */

import { SLO_BURN_PAIRS } from '../../limits.js';
import type { ProjectId } from '../../store/ids.js';
import type { AlertFilters, AlertTrigger } from '../rules/rule-types.js';

/** Requests and 5xx answers within one window. */
export interface WindowCount {
  requests: number;
  errors: number;
}

/** One route of one release in one environment; `release` is '' when the sender had none. */
export interface RouteSeriesKey {
  method: string;
  /** The route template (`/users/:id`); '' when no route matched. */
  route: string;
  release: string;
  environment: string;
}

/** A series with its counts per window length (minutes). */
export interface RouteSeries extends RouteSeriesKey {
  projectId: ProjectId;
  windows: ReadonlyMap<number, WindowCount>;
}

const NONE: WindowCount = { requests: 0, errors: 0 };

/**
 * The counts of one window; a window the series has no requests in counts zero.
 * @example windowCount(series, 5) // { requests: 120, errors: 3 }
 */
export function windowCount(series: Pick<RouteSeries, 'windows'>, minutes: number): WindowCount {
  return series.windows.get(minutes) ?? NONE;
}

/**
 * The windows (minutes) a rate trigger reads; none for an issue trigger.
 * @example triggerWindows({ type: 'slo-burn', objective: 0.999 }) // [60, 5, 360, 30]
 */
export function triggerWindows(trigger: AlertTrigger): number[] {
  switch (trigger.type) {
    case 'route-5xx-rate':
      return [trigger.windowMinutes];
    case 'slo-burn':
      return SLO_BURN_PAIRS.flatMap((p) => [p.longMinutes, p.shortMinutes]);
    default:
      return [];
  }
}

/**
 * `GET /users/:id`, or the method alone when no route matched (as the rates API names series).
 * @example routeName({ method: 'GET', route: '/users/:id' }) // 'GET /users/:id'
 */
export function routeName(k: Pick<RouteSeriesKey, 'method' | 'route'>): string {
  return k.route === '' ? k.method : `${k.method} ${k.route}`;
}

/**
 * The first of a rate rule's filters the series fails, or undefined. `route` matches the template
 * or `METHOD template`; level, category and tags are refused for rate rules at creation.
 * @example rateFilterMiss({ environment: 'production' }, series) // 'environment'
 */
export function rateFilterMiss(filters: AlertFilters, s: RouteSeriesKey): keyof AlertFilters | undefined {
  if (filters.environment !== undefined && filters.environment !== s.environment) return 'environment';
  if (filters.release !== undefined && filters.release !== s.release) return 'release';
  if (filters.route !== undefined && filters.route !== s.route && filters.route !== routeName(s))
    return 'route';
  return undefined;
}

/**
 * The evaluation log's subject of a series: one decision history per (rule, series).
 * @example seriesSubject(series) // 'route:GET /users/:id env=production release=1.2.0'
 */
export function seriesSubject(k: RouteSeriesKey): string {
  return `route:${routeName(k)} env=${k.environment} release=${k.release === '' ? '-' : k.release}`;
}

/**
 * The action interval's subject: at most one notification per (rule, route) within it.
 * @example routeSubject(series) // 'route:GET /users/:id'
 */
export function routeSubject(k: Pick<RouteSeriesKey, 'method' | 'route'>): string {
  return `route:${routeName(k)}`;
}

/**
 * The outbox subject of an incident's notifications, the fired one and the resolved one alike, so
 * PagerDuty's dedup key (`faultline/rule-<id>/<subject>`) is the same for both.
 * @example incidentSubject(17) // 'incident:17'
 */
export function incidentSubject(incidentId: number): string {
  return `incident:${incidentId}`;
}
