/** The read queries of the store: filters, sorting and cursors (issue 4 §2 "Search", §4). */

import type { IssueId, ProjectId } from './ids.js';
import type { IssueStatus, SnoozeCondition } from './records.js';

export type IssueSort = 'lastSeen' | 'firstSeen' | 'count';

/** One `key:value` tag of a filter. */
export interface TagFilter {
  key: string;
  value: string;
}

/** The filters an issue listing and an issue's events share (query-params.ts `searchFilters`). */
export interface SearchFilters {
  /** Seen in this release. */
  release?: string;
  /** Seen in this environment. */
  environment?: string;
  /** Case-insensitive substring: of an issue's title or culprit; of an event's title, message or
   * exception values. */
  text?: string;
  /** Carried every one of these tags (e.g. `route`, `service`, `category`). */
  tag?: TagFilter[];
}

export interface IssueQuery extends SearchFilters {
  projectId: ProjectId;
  status?: IssueStatus;
  /** Issues assigned to this user id; null: to nobody; absent: whoever. */
  assigneeUserId?: number | null;
  /** Newest/largest first, ties broken by id (descending). */
  sort: IssueSort;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

/** Events of some issues per bucket; the buckets are whole UTC hours (`issue_hourly_counts`). */
export interface IssueCountsQuery {
  issueIds: readonly IssueId[];
  /** Inclusive start (ms), the start of a UTC hour; bucket k starts at `from + k * bucketMs`. */
  from: number;
  /** Exclusive end (ms). */
  to: number;
  /** Bucket width in ms, a whole number of hours. */
  bucketMs: number;
}

export interface EventQuery extends SearchFilters {
  issueId: IssueId;
  /** Events at or after this time (ms, the event's own timestamp). */
  from?: number;
  /** Events before this time (ms). */
  to?: number;
  /** Events a page tests at most when a filter is more than a time range (release,
   * environment, tag, text); default MAX_EVENT_SEARCH_SCAN. A page may then hold fewer than
   * `limit`, even none, with a `nextCursor` that goes on from the last event tested. */
  scanLimit?: number;
  cursor?: string;
  limit: number;
}

/** GET /api/v1/issues/<id>/tags: the issue's tag keys, each with its commonest values. */
export interface IssueTagsQuery {
  issueId: IssueId;
  /** Only this key. */
  key?: string;
  /** Keys at most (the preferred ones first, then by total). */
  maxKeys: number;
  /** Values per key at most (the commonest). */
  maxValues: number;
}

/** GET /api/v1/incidents/<id>: the events carrying a request id, or else an event id. */
export interface IncidentQuery {
  /** A request id (a Faultline 500's `instance`, X-Request-Id) or an event id. */
  id: string;
  /** Only this project's events. */
  projectId?: ProjectId;
  /** Matches returned at most; `more` says when there were others. */
  limit: number;
}

export interface RetentionPolicy {
  /** Events received before this time (ms) are deleted. */
  olderThan?: number;
  /** Only the newest `maxPerIssue` events of each issue are kept. */
  maxPerIssue?: number;
  /** The current time (ms) for the hourly issue counts' window; defaults to Date.now(). */
  now?: number;
  /** Stops the purge between two slices (its lease was lost, the collector is stopping): the
   * slices done stay done, the next run does the rest. */
  signal?: AbortSignal;
}

export interface CountsQuery {
  projectId: ProjectId;
  release?: string;
  /** Inclusive start (ms). */
  from: number;
  /** Exclusive end (ms). */
  to: number;
}

/** Per-route request counts, summed per series and time bucket. */
export interface RatesQuery {
  /** One project, or every project when absent. */
  projectId?: ProjectId;
  /** `route`: one series per (method, route template); `release`: one per release. */
  by: 'route' | 'release';
  /** Inclusive start (ms). */
  from: number;
  /** Exclusive end (ms). */
  to: number;
  /** Bucket width in ms, a whole number of minutes. */
  bucketMs: number;
  environment?: string;
  release?: string;
}

export interface StatusUpdateOptions {
  /** With `resolved`: resolved in this release; only newer releases reopen the issue. */
  inRelease?: string;
  /** The resolution or snooze time (ms); defaults to Date.now(). */
  now?: number;
  /** With `ignored`: what brings the issue back by itself; absent: ignored until someone changes it. */
  ignoreUntil?: SnoozeCondition;
  /** Who changed it, for the activity history (an email, `token`, `token:<name>`); null: unknown. */
  actor?: string | null;
}

/** What deleting an issue does besides removing it and everything recorded of it. */
export interface IssueDeleteOptions {
  /** Later events with its fingerprint are counted as discarded (`discarded_issue`), not stored. */
  discard?: boolean;
  /** The time recorded with the discard (ms); defaults to Date.now(). */
  now?: number;
}

/** The canary gate's counts: two releases' requests and 5xx per minute and route template. */
export interface GateCountsQuery {
  projectId: ProjectId;
  canary: string;
  baseline: string;
  environment?: string;
  /** Inclusive start (ms). */
  from: number;
  /** Exclusive end (ms). */
  to: number;
  /** Rows read at most; the caller refuses a window with more. */
  limit: number;
  /** Counts summed into buckets this long (a whole number of minutes). */
  bucketMs: number;
}

/** Stored canary verdicts of a project, newest first; of one release (either arm) when given. */
export interface GateVerdictsQuery {
  projectId: ProjectId;
  release?: string;
  limit: number;
}
