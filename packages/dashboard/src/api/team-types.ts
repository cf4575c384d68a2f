/** Working as a team (issue 19 §4): what the read API answers for comments and activity. */

/** A comment on an issue: plain text, shown as text. */
export interface IssueComment {
  id: number;
  issueId: number;
  author: string;
  text: string;
  createdAt: string;
}

/** What an activity row records (collector store/team-records.ts). */
export type ActivityKind =
  | 'first_seen'
  | 'status'
  | 'woken'
  | 'regression'
  | 'merged'
  | 'unmerged'
  | 'assigned'
  | 'comment'
  | 'comment_deleted'
  | 'alert';

/** One row of an issue's history; `data` is the collector's, read defensively (activity-words.ts). */
export interface IssueActivity {
  id: number;
  issueId: number;
  kind: ActivityKind | string;
  actor: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}
