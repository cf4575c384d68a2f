/**
 * An issue's activity rows in words (issue 19 §4), pure: "ada@example.com resolved it",
 * "Regression in 2.0", "Back from a snooze: the events it was snoozed for arrived". Every value
 * comes from the collector and may be anything: it is read as text, never as markup.
 */

import { conditionInWords, WAKE_REASONS } from './snooze-words.js';
import type { IssueActivity } from './team-types.js';
import type { SnoozeCondition } from './types.js';

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);

const STATUS_WORDS: Record<string, string> = {
  resolved: 'resolved it',
  resolved_in_next_release: 'resolved it in the next release',
  unresolved: 'unresolved it',
  ignored: 'ignored it',
};

function statusWords(data: Record<string, unknown>): string {
  const status = text(data.status);
  const what = STATUS_WORDS[status] ?? `set its status to ${status}`;
  const inRelease = typeof data.inRelease === 'string' ? ` in ${data.inRelease}` : '';
  const until = data.ignoreUntil;
  const snooze =
    until !== null && typeof until === 'object' ? ` (${conditionInWords(until as SnoozeCondition)})` : '';
  return `${what}${inRelease}${snooze}`;
}

/**
 * What the row says happened, without who (the view puts the actor first).
 * @example activityWords({ kind: 'regression', data: { release: '2.0' } }) // 'regressed in 2.0'
 */
export function activityWords(a: Pick<IssueActivity, 'kind' | 'data'>): string {
  const d = a.data ?? {};
  switch (a.kind) {
    case 'first_seen':
      return d.release ? `first seen in ${text(d.release)}` : 'first seen';
    case 'status':
      return statusWords(d);
    case 'woken':
      return `back from a snooze: ${WAKE_REASONS[text(d.reason) as keyof typeof WAKE_REASONS] ?? text(d.reason)}`;
    case 'regression':
      return d.release ? `regressed in ${text(d.release)}` : 'regressed (an event without a release)';
    case 'merged':
      return `merged ${Array.isArray(d.issueIds) ? d.issueIds.map((id) => `#${text(id)}`).join(', ') : 'issues'} into it`;
    case 'unmerged':
      return `moved a fingerprint out to #${text(d.issueId)}`;
    case 'assigned':
      return d.assignee ? `assigned it to ${text(d.assignee)}` : 'unassigned it';
    case 'comment':
      return 'commented';
    case 'comment_deleted':
      return `deleted a comment by ${text(d.author)}`;
    case 'alert':
      return `alert fired: ${text(d.ruleName)}`;
    default:
      return text(a.kind);
  }
}
