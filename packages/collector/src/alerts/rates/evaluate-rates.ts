/**
 * One pass of the rate rules (issue 14 §1, §4) inside the rate lease's transaction: the
 * route-5xx-rate and slo-burn rules of every project over the windows they read, per series
 * (method, route, release, environment) that passes their filters, and per series of an open
 * incident (which may have no requests left, and must still resolve). Incidents, evaluations,
 * states and outbox rows are written in that one transaction, so a notification is sent if and
 * only if its incident is stored.
 *
 * Cost: one read of the rules (cached), of the open incidents and of the rules' states, one
 * grouped scan per project of its longest window, and writes only for what changed.
 *
 * The evaluation log records every change of decision per (rule, series), as the issue rules do:
 * a series that is only ever healthy is not logged (a rule over 500 healthy routes would log 500
 * rows that say nothing), nor is a decision repeated.
 */

import type { AlertIncident, RateAlertTx } from '../../store/alert-incidents.js';
import type {
  AlertSubjectState,
  NewAlertEvaluation,
  NewAlertNotification,
} from '../../store/alert-records.js';
import type { ProjectId } from '../../store/ids.js';
import { notificationsFor } from '../evaluate/notifications.js';
import type { ActiveAlertRule } from '../rules/rule-types.js';
import { decideRate, type RateDecision } from './decide-rate.js';
import { measureRouteRate, measureSloBurn, type RateMeasure } from './measure-rate.js';
import { rateAlertFacts } from './rate-facts.js';
import {
  incidentSubject,
  type RouteSeries,
  type RouteSeriesKey,
  rateFilterMiss,
  routeSubject,
  seriesSubject,
  triggerWindows,
} from './route-series.js';

/** What a pass did. */
export interface RatePassResult {
  rules: number;
  /** (rule, series) pairs decided. */
  evaluated: number;
  fired: number;
  resolved: number;
  /** Outbox rows written. */
  notifications: number;
}

const seriesKey = (k: RouteSeriesKey) => JSON.stringify([k.method, k.route, k.release, k.environment]);

function measure(rule: ActiveAlertRule, series: Pick<RouteSeries, 'windows'>): RateMeasure | undefined {
  switch (rule.trigger.type) {
    case 'route-5xx-rate':
      return measureRouteRate(rule.trigger, series);
    case 'slo-burn':
      return measureSloBurn(rule.trigger, series);
    default:
      return undefined;
  }
}

/** The series of each project, counted over every window its rate rules read. */
async function projectSeries(tx: RateAlertTx, rules: readonly ActiveAlertRule[], now: number) {
  const windows = new Map<ProjectId, Set<number>>();
  for (const r of rules) {
    const set = windows.get(r.projectId) ?? new Set<number>();
    for (const m of triggerWindows(r.trigger)) set.add(m);
    windows.set(r.projectId, set);
  }
  const counted = await Promise.all(
    [...windows].map(async ([projectId, set]) => {
      const rows = await tx.routeWindowCounts(projectId, [...set], now);
      return [projectId, rows.map((r): RouteSeries => ({ ...r, projectId }))] as const;
    }),
  );
  return new Map(counted);
}

/**
 * @param now the pass's clock (ms): windows end here, the action interval and hysteresis count from it
 * @example const result = await store.withRateAlertLease((tx) => evaluateRateAlerts(tx, Date.now()))
 */
export async function evaluateRateAlerts(tx: RateAlertTx, now: number): Promise<RatePassResult> {
  const result: RatePassResult = { rules: 0, evaluated: 0, fired: 0, resolved: 0, notifications: 0 };
  const rules = await tx.rateAlertRules();
  result.rules = rules.length;
  if (rules.length === 0) return result;
  const ruleIds = rules.map((r) => r.id);
  const [incidents, stateRows, seriesByProject] = await Promise.all([
    tx.openAlertIncidents(ruleIds),
    tx.rateSubjectStates(ruleIds),
    projectSeries(tx, rules, now),
  ]);
  const states = new Map(stateRows.map((s) => [JSON.stringify([s.ruleId, s.subject]), s]));
  const stateOf = (ruleId: number, subject: string) => states.get(JSON.stringify([ruleId, subject]));
  const openOf = new Map<number, Map<string, AlertIncident>>();
  for (const i of incidents) {
    const byKey = openOf.get(i.ruleId) ?? new Map<string, AlertIncident>();
    openOf.set(i.ruleId, byKey.set(seriesKey(i), i));
  }

  const evaluations: NewAlertEvaluation[] = [];
  const newStates: AlertSubjectState[] = [];
  const notifications: NewAlertNotification[] = [];
  const belowSince: { id: number; belowSince: number | null }[] = [];

  for (const rule of rules) {
    const open = openOf.get(rule.id) ?? new Map<string, AlertIncident>();
    const seen = new Set<string>();
    const candidates: RouteSeries[] = [];
    for (const s of seriesByProject.get(rule.projectId) ?? []) {
      if (rateFilterMiss(rule.filters, s) !== undefined) continue;
      candidates.push(s);
      seen.add(seriesKey(s));
    }
    // An open incident whose route had no requests in the windows: counted as none, so it resolves.
    for (const [key, i] of open) if (!seen.has(key)) candidates.push({ ...i, windows: new Map() });

    for (const series of candidates) {
      const m = measure(rule, series);
      if (m === undefined) continue;
      result.evaluated++;
      const subject = seriesSubject(series);
      const state = stateOf(rule.id, subject);
      const incident = open.get(seriesKey(series));
      const throttle = stateOf(rule.id, routeSubject(series));
      // A route notified in this pass (another release or environment of it) is throttled too.
      const lastNotifiedAt = throttle?.lastNotifiedAt ?? null;
      const decision = decideRate(rule, { measure: m, incident, lastNotifiedAt, now });
      await apply(decision, { rule, series, subject, incident, measure: m });
      if (decision.reason === state?.lastReason) continue;
      if (state === undefined && decision.reason === 'below-threshold') continue;
      evaluations.push({
        ruleId: rule.id,
        projectId: rule.projectId,
        subject,
        at: now,
        decision: decision.action === 'fire' || decision.action === 'resolve' ? 'fired' : 'suppressed',
        reason: decision.reason,
        detail: decision.detail,
        inputs: {
          method: series.method,
          route: series.route,
          release: series.release,
          environment: series.environment,
          windowMinutes: m.shown.windowMinutes,
          ...m.values,
          incidentId: incident?.id ?? null,
          lastNotifiedAt,
        },
      });
      newStates.push({
        ruleId: rule.id,
        subject,
        lastNotifiedAt: null,
        lastReason: decision.reason,
        lastAt: now,
      });
    }
  }

  async function apply(
    decision: RateDecision,
    c: {
      rule: ActiveAlertRule;
      series: RouteSeries;
      subject: string;
      incident: AlertIncident | undefined;
      measure: RateMeasure;
    },
  ) {
    switch (decision.action) {
      case 'fire': {
        const opened = {
          ruleId: c.rule.id,
          projectId: c.rule.projectId,
          method: c.series.method,
          route: c.series.route,
          release: c.series.release,
          environment: c.series.environment,
          openedAt: now,
        };
        const id = await tx.openAlertIncident(opened);
        const facts = rateAlertFacts(
          'alert.fired',
          c.rule,
          { ...opened, id },
          c.measure.shown,
          c.measure.text,
          now,
        );
        notifications.push(...notificationsFor(c.rule, incidentSubject(id), facts, now));
        const throttled: AlertSubjectState = {
          ruleId: c.rule.id,
          subject: routeSubject(c.series),
          lastNotifiedAt: now,
          lastReason: 'fired',
          lastAt: now,
        };
        states.set(JSON.stringify([c.rule.id, throttled.subject]), throttled);
        newStates.push(throttled);
        result.fired++;
        return;
      }
      case 'resolve': {
        const incident = c.incident as AlertIncident;
        await tx.resolveAlertIncident(incident.id, now);
        const facts = rateAlertFacts(
          'alert.resolved',
          c.rule,
          incident,
          c.measure.shown,
          c.measure.text,
          now,
        );
        // The same channels as the firing (those still enabled), with the incident's subject.
        notifications.push(...notificationsFor(c.rule, incidentSubject(incident.id), facts, now));
        result.resolved++;
        return;
      }
      case 'hold':
        if (c.incident !== undefined && c.incident.belowSince !== decision.belowSince)
          belowSince.push({ id: c.incident.id, belowSince: decision.belowSince });
        return;
      case 'none':
        return;
      default: {
        const unknown: never = decision;
        return unknown;
      }
    }
  }

  await Promise.all([
    tx.setIncidentBelowSince(belowSince),
    tx.recordAlertEvaluations(evaluations),
    tx.setAlertSubjectStates(newStates),
    tx.enqueueAlertNotifications(notifications),
  ]);
  result.notifications = notifications.length;
  return result;
}
