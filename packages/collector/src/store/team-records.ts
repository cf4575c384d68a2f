/**
 * What a team records on an issue (issue 19 §4): who it is assigned to, what they said about it
 * (comments), and what happened to it (the activity history). Every activity row is written in
 * the transaction of the change it records, so the history never claims a change that was
 * rolled back, nor misses one that committed.
 */

import type { IssueId, ProjectId } from './ids.js';

/** What an activity row records; `data` holds the details each kind names. */
export type ActivityKind =
  /** The issue's first event: `{ release }`. */
  | 'first_seen'
  /** A user set its status: `{ status, inRelease?, ignoreUntil? }` (the snooze condition). */
  | 'status'
  /** It came back from a snooze by itself: `{ reason }` ('time' | 'count' | 'users' | 'escalating'). */
  | 'woken'
  /** An event reopened it: `{ release }` ('' when the event had none). */
  | 'regression'
  /** Other issues were merged into it: `{ issueIds }`; their history moved here with them. */
  | 'merged'
  /** A fingerprint moved back out: `{ fingerprint, issueId }` (on both issues). */
  | 'unmerged'
  /** Assigned to `{ assignee }` (an email, kept as text), or unassigned (`null`). */
  | 'assigned'
  /** A comment was added: `{ commentId }`. */
  | 'comment'
  /** A comment was deleted: `{ commentId, author }`. */
  | 'comment_deleted'
  /** An alert rule fired for it: `{ ruleId, ruleName }`. */
  | 'alert';

/** One stored activity row, as the API lists it. */
export interface IssueActivity {
  id: number;
  issueId: IssueId;
  kind: ActivityKind;
  /** Who did it (an email, `token`, `token:<name>`); null for what the collector did itself. */
  actor: string | null;
  data: Record<string, unknown>;
  createdAt: number;
}

/** An activity row to write, inside the change's transaction. */
export interface NewIssueActivity {
  projectId: ProjectId;
  issueId: IssueId;
  kind: ActivityKind;
  actor: string | null;
  data: Record<string, unknown>;
  at: number;
}

/** Writes activity rows in the caller's transaction (digest's and the alert evaluator's). */
export interface ActivityWriter {
  /** One multi-row statement for all `rows` (none when empty). */
  addIssueActivity(rows: readonly NewIssueActivity[]): Promise<void>;
}

/** A comment on an issue: plain text, never rendered as markup. */
export interface IssueComment {
  id: number;
  issueId: IssueId;
  author: string;
  text: string;
  createdAt: number;
}

/** A page of an issue's activity or comments, newest first. */
export interface IssueTimelineQuery {
  issueId: IssueId;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

/** How an assignment went: done, no such issue (or a merged one), or no such user. */
export type AssignOutcome = 'assigned' | 'no-issue' | 'no-user';

/** How a comment delete went; `forbidden`: the caller is neither its author nor an admin. */
export type CommentDeleteOutcome = 'deleted' | 'no-comment' | 'forbidden';

/** Who acts on an issue through the API: their name, and whether they may act for others. */
export interface IssueActor {
  name: string | null;
  admin: boolean;
}
