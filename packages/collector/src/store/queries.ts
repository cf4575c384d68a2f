/** The read queries of the store: filters, sorting and cursors (issue 4 §2 "Search", §4). */

import type { IssueId, ProjectId } from './ids.js';
import type { IssueStatus } from './records.js';

export type IssueSort = 'lastSeen' | 'firstSeen' | 'count';

export interface IssueQuery {
  projectId: ProjectId;
  status?: IssueStatus;
  /** Issues seen in this release. */
  release?: string;
  /** Issues seen in this environment. */
  environment?: string;
  /** Case-insensitive substring of the title or the culprit. */
  text?: string;
  /** Issues that carried every one of these tags (e.g. `route`, `service`, `category`). */
  tag?: { key: string; value: string }[];
  /** Newest/largest first, ties broken by id (descending). */
  sort: IssueSort;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface EventQuery {
  issueId: IssueId;
  cursor?: string;
  limit: number;
}

export interface RetentionPolicy {
  /** Events received before this time (ms) are deleted. */
  olderThan?: number;
  /** Only the newest `maxPerIssue` events of each issue are kept. */
  maxPerIssue?: number;
}

export interface CountsQuery {
  projectId: ProjectId;
  release?: string;
  /** Inclusive start (ms). */
  from: number;
  /** Exclusive end (ms). */
  to: number;
}

export interface StatusUpdateOptions {
  /** With `resolved`: resolved in this release; only newer releases reopen the issue. */
  inRelease?: string;
  /** The resolution time (ms); defaults to Date.now(). */
  now?: number;
}
