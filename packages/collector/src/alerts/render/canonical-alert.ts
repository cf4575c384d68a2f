/**
 * The canonical alert (issue 14 §2): the stored facts plus links into the dashboard on the
 * collector's public URL. The webhook channel sends exactly this; every other channel renders
 * from it, so no channel can say something the others do not.
 */

import type { AlertEventFacts, AlertFacts, AlertIssueFacts } from '../evaluate/alert-facts.js';

export interface CanonicalAlert extends Omit<AlertFacts, 'issue' | 'event'> {
  issue?: AlertIssueFacts & { url: string };
  event?: AlertEventFacts;
  /** Opens the dashboard on what fired: the issue at this event, else the project. */
  url: string;
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
  return { ...rest, issue: { ...issue, url: issueUrl }, url: `${issueUrl}${at}` };
}
