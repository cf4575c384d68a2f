/**
 * The canonical alert (issue 14 §2): the stored facts plus links into the dashboard on the
 * collector's public URL. The webhook channel sends exactly this; every other channel renders
 * from it, so no channel can say something the others do not.
 */

import type { AlertEventFacts, AlertFacts, AlertIssueFacts } from '../evaluate/alert-facts.js';
import { type MuteLinks, muteLinks } from './mute-links.js';

export interface CanonicalAlert extends Omit<AlertFacts, 'issue' | 'event'> {
  issue?: AlertIssueFacts & { url: string };
  event?: AlertEventFacts;
  /** Opens the dashboard on what fired: the issue at this event, a route's rates, else the project. */
  url: string;
  /** Mute links into the dashboard (mute-links.ts), on a fired issue alert. */
  mute?: MuteLinks;
}

/** The dashboard's rates page, per route, over a range that shows the window, on the alert's
 * environment and release. */
function ratesUrl(base: string, facts: AlertFacts): string {
  const minutes = facts.route?.windowMinutes ?? 60;
  const since = minutes <= 60 ? '1h' : minutes <= 24 * 60 ? '24h' : '7d';
  const query = new URLSearchParams({ project: String(facts.project.id), by: 'route', since });
  if (facts.environment) query.set('environment', facts.environment);
  if (facts.release) query.set('release', facts.release);
  return `${base}/rates?${query}`;
}

/**
 * @example canonicalAlert(JSON.parse(notification.payload), new URL('https://faultline.example.com'))
 */
export function canonicalAlert(facts: AlertFacts, publicUrl: URL): CanonicalAlert {
  const base = publicUrl.href.replace(/\/+$/, '');
  const { issue, ...rest } = facts;
  if (issue === undefined && facts.route !== undefined) return { ...rest, url: ratesUrl(base, facts) };
  if (issue === undefined) return { ...rest, url: `${base}/?project=${facts.project.id}` };
  const issueUrl = `${base}/issues/${issue.id}`;
  const at = facts.event === undefined ? '' : `?event=${encodeURIComponent(facts.event.id)}`;
  const mute = facts.type === 'alert.fired' ? { mute: muteLinks(issueUrl) } : {};
  return { ...rest, issue: { ...issue, url: issueUrl }, url: `${issueUrl}${at}`, ...mute };
}
