/**
 * A rate rule's incident (migration 6): one open per (rule, method, route, release, environment),
 * opened when the rule fires and resolved when the route recovers; its id is the subject of both
 * notifications, so PagerDuty's dedup key pairs the trigger with its resolve.
 */

import type { RouteSeriesKey } from '../alerts/rates/route-series.js';
import type { ActiveAlertRule } from '../alerts/rules/rule-types.js';
import type { Silence } from '../alerts/silences/silence-types.js';
import type { AlertSubjectState, NewAlertEvaluation, NewAlertNotification } from './alert-records.js';
import type { ProjectId } from './ids.js';

export interface AlertIncident extends RouteSeriesKey {
  id: number;
  ruleId: number;
  projectId: ProjectId;
  state: 'firing' | 'resolved';
  openedAt: number;
  resolvedAt: number | null;
  /** Since when the rate has stayed below the resolve line (null: it has not). */
  belowSince: number | null;
}

export type NewAlertIncident = Omit<AlertIncident, 'id' | 'state' | 'resolvedAt' | 'belowSince'>;

/** A series' window counts as one query returns them (windows by their length in minutes). */
export interface RouteWindowCounts extends RouteSeriesKey {
  windows: Map<number, { requests: number; errors: number }>;
}

/** Which incidents to list, newest first. */
export interface AlertIncidentQuery {
  projectId?: ProjectId;
  ruleId?: number;
  limit: number;
}

/**
 * What a rate evaluation pass reads and writes, inside one transaction that holds the rate lease.
 */
export interface RateAlertTx {
  /** The route-5xx-rate and slo-burn rules of every project (the rules cache). */
  rateAlertRules(): Promise<ActiveAlertRule[]>;
  /** The silences of these projects not over when the cache last read them (the silences cache). */
  silences(projectIds: readonly ProjectId[]): Promise<readonly Silence[]>;
  /** Per series of the project, requests and 5xx of each window: the counts whose minute is at
   * or after `now` − window, up to RATE_ALERT_CLOCK_SKEW_MS past `now`. */
  routeWindowCounts(
    projectId: ProjectId,
    windowsMinutes: readonly number[],
    now: number,
  ): Promise<RouteWindowCounts[]>;
  /** Every (rule, subject) state of these rules (their series and routes). */
  rateSubjectStates(ruleIds: readonly number[]): Promise<AlertSubjectState[]>;
  /** The open (firing) incidents of these rules. */
  firingAlertIncidents(ruleIds: readonly number[]): Promise<AlertIncident[]>;
  /** Opens these incidents (at most one per rule and series); resolves to their ids, in order. */
  openAlertIncidents(incidents: readonly NewAlertIncident[]): Promise<number[]>;
  setIncidentBelowSince(rows: readonly { id: number; belowSince: number | null }[]): Promise<void>;
  resolveAlertIncidents(ids: readonly number[], at: number): Promise<void>;
  setAlertSubjectStates(rows: readonly AlertSubjectState[]): Promise<void>;
  recordAlertEvaluations(rows: readonly NewAlertEvaluation[]): Promise<void>;
  enqueueAlertNotifications(rows: readonly NewAlertNotification[]): Promise<void>;
}
