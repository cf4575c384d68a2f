/**
 * A PagerDuty Events API v2 event (developer.pagerduty.com, "Send an Alert Event"): `trigger`
 * (`resolve` for a resolution) with a dedup key per (rule, subject), so repeated firings of one
 * issue append to its open incident, and a resolve closes it; severity from the event's level.
 */

import { PAGERDUTY_DEDUP_KEY_MAX_CHARS, PAGERDUTY_SUMMARY_MAX_CHARS } from '../../limits.js';
import { cut, facts, headline } from './alert-text.js';
import type { CanonicalAlert } from './canonical-alert.js';

/** Where Events API v2 events go. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = {
  fatal: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
  debug: 'info',
};

/**
 * `faultline/<rule>/<subject>`: the same for every firing about one subject.
 * @example dedupKey(alert, 'issue:42') // 'faultline/rule-3/issue:42'
 */
export function dedupKey(a: CanonicalAlert, subject: string): string {
  return cut(`faultline/rule-${a.rule.id}/${subject}`, PAGERDUTY_DEDUP_KEY_MAX_CHARS);
}

/**
 * @example JSON.stringify(pagerDutyEvent(alert, routingKey, 'issue:42', publicUrl))
 */
export function pagerDutyEvent(a: CanonicalAlert, routingKey: string, subject: string, publicUrl: URL) {
  const level = a.event?.level ?? a.issue?.level ?? 'error';
  return {
    routing_key: routingKey,
    event_action: a.type === 'alert.resolved' ? 'resolve' : 'trigger',
    dedup_key: dedupKey(a, subject),
    payload: {
      summary: cut(headline(a), PAGERDUTY_SUMMARY_MAX_CHARS),
      source: a.event?.service ?? a.project.name,
      severity: SEVERITY[level] ?? 'error',
      timestamp: a.event?.timestamp ?? a.firedAt,
      component:
        a.event?.transaction ??
        a.event?.route ??
        (a.route === undefined ? undefined : `${a.route.method} ${a.route.route}`.trim()),
      group: a.project.name,
      class: a.trigger.type,
      custom_details: Object.fromEntries(facts(a)),
    },
    links: [{ href: a.url, text: 'Open in Faultline' }],
    client: 'Faultline',
    client_url: publicUrl.href,
  };
}
