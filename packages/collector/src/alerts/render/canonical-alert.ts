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
  /** Opens the dashboard on what fired: the issue at this event, else the project. */
  url: string;
  /** Mute links into the dashboard (mute-links.ts), on a fired issue alert. */
  mute?: MuteLinks;
}

/**
 * @example canonicalAlert(JSON.parse(notification.payload), new URL('https://faultline.example.com'))
 */
export function canonicalAlert(facts: AlertFacts, publicUrl: URL): CanonicalAlert {
  const base = publicUrl.href.replace(/\/+$/, '');
  const { issue, ...rest } = facts;
  if (issue === undefined) return { ...rest, url: `${base}/?project=${facts.project.id}` };
  const issueUrl = `${base}/issues/${issue.id}`;
  const at = facts.event === undefined ? '' : `?event=${encodeURIComponent(facts.event.id)}`;
  const mute = facts.type === 'alert.fired' ? { mute: muteLinks(issueUrl) } : {};
  return { ...rest, issue: { ...issue, url: issueUrl }, url: `${issueUrl}${at}`, ...mute };
}
