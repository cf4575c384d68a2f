/**
 * The facts of one alert, as the outbox stores them (JSON) when it fires: what fired, where
 * (project, environment, release, route), how much, the incident id. Every channel renders from
 * these, once the collector's public URL turns them into the canonical alert (render/canonical-alert.ts).
 * Times are ISO 8601 strings, as the read API writes them.
 */

import type { AlertTrigger } from '../rules/rule-types.js';
import type { AlertEvent, IssueTouch } from './alert-subject.js';

export type AlertType = 'alert.fired' | 'alert.resolved' | 'alert.test';

export interface AlertIssueFacts {
  id: number;
  title: string;
  culprit: string;
  level: string;
  status: string;
  count: number;
  usersAffected: number;
  firstSeen: string;
  lastSeen: string;
}

export interface AlertEventFacts {
  id: string;
  /** The incident id the caller of the failed request saw. */
  requestId: string | null;
  release: string | null;
  environment: string;
  traceId: string | null;
  level: string;
  route: string | null;
  transaction: string | null;
  category: string | null;
  service: string | null;
  timestamp: string;
}

/** A route's rates over the rule's window (route-5xx-rate and slo-burn; alerts/rates). */
export interface AlertRouteFacts {
  method: string;
  /** The route template; '' when no route matched. */
  route: string;
  requests: number;
  /** 5xx answers among them. */
  errors: number;
  /** errors ÷ requests. */
  rate: number;
  /** The window the counts are of (minutes). */
  windowMinutes: number;
}

/** A rate rule's incident: both of its notifications carry it (PagerDuty's dedup key follows it). */
export interface AlertIncidentFacts {
  id: number;
  openedAt: string;
  resolvedAt?: string;
}

export interface AlertFacts {
  type: AlertType;
  rule: { id: number; name: string };
  project: { id: number; name: string };
  trigger: AlertTrigger;
  /** Why it fired, in a few words: `new issue`, `12 events in 5 min (at least 10)`. */
  reason: string;
  firedAt: string;
  issue?: AlertIssueFacts;
  event?: AlertEventFacts;
  route?: AlertRouteFacts;
  /** Where a rate alert fired (an issue alert has them on its event). */
  environment?: string;
  release?: string | null;
  incident?: AlertIncidentFacts;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The rule a notification is about, with its project's name. */
export interface FactsRule {
  id: number;
  name: string;
  projectId: number;
  projectName: string;
  trigger: AlertTrigger;
}

/**
 * What every notification says first, whatever fired it: its type, the rule and project, the
 * trigger, why, and when.
 * @example { ...alertFactsHead('alert.fired', rule, 'new issue', now), issue: … }
 */
export function alertFactsHead(type: AlertType, rule: FactsRule, reason: string, now: number): AlertFacts {
  return {
    type,
    rule: { id: rule.id, name: rule.name },
    project: { id: rule.projectId, name: rule.projectName },
    trigger: rule.trigger,
    reason,
    firedAt: iso(now),
  };
}

/** @example eventFacts(touch.events[0]) */
export function eventFacts(e: AlertEvent): AlertEventFacts {
  return {
    id: e.eventId,
    requestId: e.requestId,
    release: e.release,
    environment: e.environment,
    traceId: e.traceId,
    level: e.level,
    route: e.route,
    transaction: e.transaction,
    category: e.category,
    service: e.service,
    timestamp: iso(e.timestamp),
  };
}

/**
 * @example issueAlertFacts(rule, touch, event, 'new issue', now)
 */
export function issueAlertFacts(
  rule: FactsRule,
  touch: IssueTouch,
  event: AlertEvent,
  reason: string,
  now: number,
): AlertFacts {
  const i = touch.issue;
  return {
    ...alertFactsHead('alert.fired', rule, reason, now),
    issue: {
      id: i.id,
      title: i.title,
      culprit: i.culprit,
      level: i.level,
      status: i.status,
      count: i.count,
      usersAffected: i.usersAffected,
      firstSeen: iso(i.firstSeen),
      lastSeen: iso(i.lastSeen),
    },
    event: eventFacts(event),
  };
}

/**
 * The facts of a test notification (`alert.test`): the rule and its project, nothing fired.
 * @example testAlertFacts(rule, 'shop', Date.now())
 */
export function testAlertFacts(
  rule: { id: number; name: string; projectId: number; trigger: AlertTrigger },
  projectName: string,
  now: number,
): AlertFacts {
  return alertFactsHead('alert.test', { ...rule, projectName }, 'test notification', now);
}
