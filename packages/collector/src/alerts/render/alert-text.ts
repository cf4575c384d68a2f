/**
 * The words every human-facing channel (Slack, Discord, PagerDuty, email) uses for an alert:
 * one headline and the same labelled facts (issue 14 §2: what fired, where, how much, the
 * latest incident id, a link). Event data is the sender's and is treated as text: each channel
 * escapes it for its own markup.
 */

import { ALERT_TEXT_FIELD_MAX_CHARS } from '../../limits.js';
import type { CanonicalAlert } from './canonical-alert.js';
import { muteList } from './mute-links.js';

/**
 * `text` cut to `max` characters (an ellipsis marks the cut), control characters made spaces.
 * @example cut('a very long title', 6) // 'a ver…'
 */
export function cut(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

const routeOf = (a: CanonicalAlert) =>
  a.route === undefined ? null : a.route.route === '' ? a.route.method : `${a.route.method} ${a.route.route}`;

/** A rate alert's route and its 5xx share, for the headline. */
const route = (a: CanonicalAlert) =>
  a.route === undefined
    ? ''
    : `: ${cut(routeOf(a) ?? '', ALERT_TEXT_FIELD_MAX_CHARS)} at ${percent(a.route.rate)} 5xx`;

const percent = (x: number) => `${Number((x * 100).toFixed(2))} %`;

/**
 * @example headline(alert) // 'New issue in shop: TypeError: x is undefined'
 */
export function headline(a: CanonicalAlert): string {
  const title = a.issue === undefined ? '' : `: ${cut(a.issue.title, ALERT_TEXT_FIELD_MAX_CHARS)}`;
  switch (a.type) {
    case 'alert.test':
      return `Test notification from rule "${a.rule.name}" in ${a.project.name}`;
    case 'alert.resolved':
      return `Resolved in ${a.project.name}${title}${route(a)}`;
    case 'alert.fired':
      switch (a.trigger.type) {
        case 'new-issue':
          return `New issue in ${a.project.name}${title}`;
        case 'regression':
          return `Regression in ${a.project.name}${title}`;
        default:
          return `${a.rule.name} in ${a.project.name}${title}${route(a)}`;
      }
    default: {
      const unknown: never = a.type;
      return unknown;
    }
  }
}

/**
 * The labelled facts, in the order they are shown; empty ones are left out.
 * @example facts(alert) // [['Why', 'new issue'], ['Environment', 'production'], …]
 */
export function facts(a: CanonicalAlert): [label: string, value: string][] {
  const rows: [string, string | null | undefined][] = [
    ['Why', a.type === 'alert.test' ? 'a test: the rule did not fire' : a.reason],
    ['Culprit', a.issue?.culprit ? cut(a.issue.culprit, ALERT_TEXT_FIELD_MAX_CHARS) : null],
    ['Project', a.project.name],
    ['Environment', a.event?.environment ?? a.environment],
    ['Release', a.event?.release ?? a.release],
    ['Route', a.event?.transaction ?? a.event?.route ?? routeOf(a)],
    [
      'Requests',
      a.route === undefined
        ? null
        : `${a.route.requests} in ${a.route.windowMinutes} min, ${a.route.errors} 5xx (${percent(a.route.rate)})`,
    ],
    ['Events', a.issue === undefined ? null : String(a.issue.count)],
    ['Users', a.issue && a.issue.usersAffected > 0 ? String(a.issue.usersAffected) : null],
    ['Incident', a.event?.requestId ?? (a.incident === undefined ? null : `#${a.incident.id}`)],
    ['Level', a.event?.level ?? a.issue?.level],
    ['Rule', a.rule.name],
  ];
  return rows.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '');
}

/**
 * The alert as plain text: the headline, the facts, the link, the mute links.
 * @example plainText(alert) // 'New issue in shop: …\nWhy: new issue\n…\nhttps://…\nMute for 1 h: https://…'
 */
export function plainText(a: CanonicalAlert): string {
  return [
    headline(a),
    ...facts(a).map(([label, value]) => `${label}: ${value}`),
    a.url,
    ...muteList(a.mute).map(([label, url]) => `${label}: ${url}`),
  ].join('\n');
}
