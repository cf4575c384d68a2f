/** Comments and activity rows as the API shows them: times as ISO 8601 strings. */

import type { IssueActivity, IssueComment } from '../store/index.js';

/**
 * @example presentComment(comment) // { id, issueId, author, text, createdAt: '2026-…' }
 */
export function presentComment(c: IssueComment) {
  return { ...c, createdAt: new Date(c.createdAt).toISOString() };
}

/**
 * @example presentActivity(row) // { id, issueId, kind: 'status', actor, data: { status: 'resolved' }, createdAt }
 */
export function presentActivity(a: IssueActivity) {
  return { ...a, createdAt: new Date(a.createdAt).toISOString() };
}
