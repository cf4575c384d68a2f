/**
 * One pass of the rate rules (issue 14 §1, §4) inside the rate lease's transaction: the
 * route-5xx-rate and slo-burn rules of every project over the windows they read, per series
 * (method, route, release, environment) that passes their filters, and per series of an open
 * incident (which may have no requests left, and must still resolve). Incidents, evaluations,
 * states and outbox rows are written in that one transaction, so a notification is sent if and
 * only if its incident is stored.
 *
 * Cost: one read of the rules (cached), of the open incidents and of the rules' states, one
 * grouped scan per project of its longest window, a decision per (rule, series) that makes no
 * string unless it is logged or sent, and one multi-row write per table for what changed.
 *
 * The evaluation log records every change of decision per (rule, series), as the issue rules do:
 * a series that is only ever healthy is not logged (a rule over 500 healthy routes would log 500
 * rows that say nothing), nor is a decision repeated.
 */

import type { AlertIncident, NewAlertIncident, RateAlertTx } from '../../store/alert-incidents.js';
import type {
  AlertSubjectState,
  NewAlertEvaluation,
  NewAlertNotification,
} from '../../store/alert-records.js';
import type { ProjectId } from '../../store/ids.js';
import { matchingSilence } from '../evaluate/match-silence.js';
import { notificationsFor } from '../evaluate/notifications.js';
import type { ActiveAlertRule } from '../rules/rule-types.js';
import type { Silence } from '../silences/silence-types.js';
import { decideRate } from './decide-rate.js';
import { measureRouteRate, measureSloBurn, type RateMeasure } from './measure-rate.js';
import { rateAlertFacts } from './rate-facts.js';
import {
  incidentSubject,
  type RouteSeries,
  type RouteSeriesKey,
  rateFilterMiss,
  routeName,
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

/** A series with its keys made once, not once per rule. */
interface Counted extends RouteSeries {
  key: string;
  subject: string;
  routeSubject: string;
}

const seriesKey = (k: RouteSeriesKey) => JSON.stringify([k.method, k.route, k.release, k.environment]);

const counted = (s: RouteSeries): Counted => ({
  ...s,
  key: seriesKey(s),
  subject: seriesSubject(s),
  routeSubject: routeSubject(s),
});

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
  const read = await Promise.all(
    [...windows].map(async ([projectId, set]) => {
      const rows = await tx.routeWindowCounts(projectId, [...set], now);
      return [projectId, rows.map((r) => counted({ ...r, projectId }))] as const;
    }),
  );
  return new Map(read);
}

/** States by rule, then subject: no key string per lookup. */
function byRule(rows: readonly AlertSubjectState[]) {
  const states = new Map<number, Map<string, AlertSubjectState>>();
  for (const s of rows) {
    const bySubject = states.get(s.ruleId) ?? new Map<string, AlertSubjectState>();
    states.set(s.ruleId, bySubject.set(s.subject, s));
  }
  return states;
}

interface Firing {
  rule: ActiveAlertRule;
  incident: NewAlertIncident;
  measure: RateMeasure;
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
  const [incidents, stateRows, seriesByProject, silenceRows] = await Promise.all([
    tx.firingAlertIncidents(ruleIds),
    tx.rateSubjectStates(ruleIds),
    projectSeries(tx, rules, now),
    tx.silences([...new Set(rules.map((r) => r.projectId))]),
  ]);
  const silences = new Map<ProjectId, Silence[]>();
  for (const s of silenceRows) silences.set(s.projectId, [...(silences.get(s.projectId) ?? []), s]);
  const states = byRule(stateRows);
  const openOf = new Map<number, Map<string, AlertIncident>>();
  for (const i of incidents) {
    const byKey = openOf.get(i.ruleId) ?? new Map<string, AlertIncident>();
    openOf.set(i.ruleId, byKey.set(seriesKey(i), i));
  }

  const evaluations: NewAlertEvaluation[] = [];
  const newStates: AlertSubjectState[] = [];
  const notifications: NewAlertNotification[] = [];
  const belowSince: { id: number; belowSince: number | null }[] = [];
  const firing: Firing[] = [];
  const resolved: number[] = [];

  for (const rule of rules) {
    const open = openOf.get(rule.id);
    const ruleStates = states.get(rule.id) ?? new Map<string, AlertSubjectState>();
    states.set(rule.id, ruleStates);
    const candidates: Counted[] = [];
    for (const s of seriesByProject.get(rule.projectId) ?? [])
      if (rateFilterMiss(rule.filters, s) === undefined) candidates.push(s);
    // An open incident whose route had no requests in the windows: counted as none, so it resolves.
    if (open !== undefined) {
      const seen = new Set(candidates.map((s) => s.key));
      for (const [key, i] of open) if (!seen.has(key)) candidates.push(counted({ ...i, windows: new Map() }));
    }

    for (const series of candidates) {
      const m = measure(rule, series);
      if (m === undefined) continue;
      result.evaluated++;
      const state = ruleStates.get(series.subject);
      const incident = open?.get(series.key);
      // A route notified earlier in this pass (another release or environment of it) counts too.
      const lastNotifiedAt = ruleStates.get(series.routeSubject)?.lastNotifiedAt ?? null;
      let decision = decideRate(rule, { measure: m, incident, lastNotifiedAt, now });
      // Silences are looked for only where something would fire (a pass decides 500,000 pairs).
      if (decision.action === 'fire') {
        const silence = matchingSilence(
          silences.get(rule.projectId) ?? [],
          {
            ruleId: rule.id,
            route: series.route,
            transaction: routeName(series),
            release: series.release === '' ? null : series.release,
            environment: series.environment,
          },
          now,
        );
        if (silence !== undefined)
          decision = decideRate(rule, { measure: m, incident, lastNotifiedAt, now, silence });
      }
      switch (decision.action) {
        case 'fire': {
          firing.push({
            rule,
            measure: m,
            incident: {
              ruleId: rule.id,
              projectId: rule.projectId,
              method: series.method,
              route: series.route,
              release: series.release,
              environment: series.environment,
              openedAt: now,
            },
          });
          const notified = {
            ruleId: rule.id,
            subject: series.routeSubject,
            lastNotifiedAt: now,
            lastReason: 'fired',
            lastAt: now,
          };
          ruleStates.set(notified.subject, notified);
          newStates.push(notified);
          break;
        }
        case 'resolve': {
          const i = incident as AlertIncident;
          resolved.push(i.id);
          // Why it resolved (one window below the resolve line, or no pair burns), with the values.
          const facts = rateAlertFacts('alert.resolved', rule, i, m.shown, decision.detail(), now);
          // The same channels as the firing (those still enabled), with the incident's subject.
          notifications.push(...notificationsFor(rule, incidentSubject(i.id), facts, now));
          break;
        }
        case 'hold':
          if (incident !== undefined && incident.belowSince !== decision.belowSince)
            belowSince.push({ id: incident.id, belowSince: decision.belowSince });
          break;
        case 'none':
          break;
        default: {
          const unknown: never = decision;
          return unknown;
        }
      }
      // Still firing after it fired says nothing new; firing again after recovering does.
      const last = state?.lastReason === 'fired' ? 'firing' : state?.lastReason;
      if (decision.reason === state?.lastReason || decision.reason === last) continue;
      if (state === undefined && decision.reason === 'below-threshold') continue;
      evaluations.push({
        ruleId: rule.id,
        projectId: rule.projectId,
        subject: series.subject,
        at: now,
        decision: decision.action === 'fire' || decision.action === 'resolve' ? 'fired' : 'suppressed',
        reason: decision.reason,
        detail: decision.detail(),
        inputs: {
          method: series.method,
          route: series.route,
          release: series.release,
          environment: series.environment,
          windowMinutes: m.shown.windowMinutes,
          ...m.values(),
          incidentId: incident?.id ?? null,
          lastNotifiedAt,
        },
      });
      newStates.push({
        ruleId: rule.id,
        subject: series.subject,
        lastNotifiedAt: null,
        lastReason: decision.reason,
        lastAt: now,
      });
    }
  }

  const ids = await tx.openAlertIncidents(firing.map((f) => f.incident));
  firing.forEach((f, n) => {
    const id = ids[n] as number;
    const facts = rateAlertFacts(
      'alert.fired',
      f.rule,
      { ...f.incident, id },
      f.measure.shown,
      f.measure.text(),
      now,
    );
    notifications.push(...notificationsFor(f.rule, incidentSubject(id), facts, now));
  });
  await Promise.all([
    tx.resolveAlertIncidents(resolved, now),
    tx.setIncidentBelowSince(belowSince),
    tx.recordAlertEvaluations(evaluations),
    tx.setAlertSubjectStates(newStates),
    tx.enqueueAlertNotifications(notifications),
  ]);
  result.fired = firing.length;
  result.resolved = resolved.length;
  result.notifications = notifications.length;
  return result;
}
