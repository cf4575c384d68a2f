/**
 * The facts of a rate alert (issue 14 §2): what fired (the rule, its trigger), where (project,
 * environment, release, the route), how much (requests, 5xx, their share over the window), and
 * the incident, the same for the fired and the resolved notification.
 */

import type { AlertIncident } from '../../store/alert-incidents.js';
import { type AlertFacts, alertFactsHead } from '../evaluate/alert-facts.js';
import type { ActiveAlertRule } from '../rules/rule-types.js';
import type { ShownWindow } from './measure-rate.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * @example rateAlertFacts('alert.fired', rule, incident, measure.shown, 'fired: 15 of 20 requests …', now)
 */
export function rateAlertFacts(
  type: 'alert.fired' | 'alert.resolved',
  rule: ActiveAlertRule,
  incident: Omit<AlertIncident, 'state' | 'resolvedAt' | 'belowSince'>,
  shown: ShownWindow,
  reason: string,
  now: number,
): AlertFacts {
  return {
    ...alertFactsHead(type, rule, reason, now),
    route: {
      method: incident.method,
      route: incident.route,
      requests: shown.requests,
      errors: shown.errors,
      rate: shown.rate,
      windowMinutes: shown.windowMinutes,
    },
    environment: incident.environment,
    release: incident.release === '' ? null : incident.release,
    incident: {
      id: incident.id,
      openedAt: iso(incident.openedAt),
      ...(type === 'alert.resolved' ? { resolvedAt: iso(now) } : {}),
    },
  };
}
