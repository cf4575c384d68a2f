/**
 * The primitive operations digest performs inside one store transaction. They hold no
 * grouping or counting policy (that is digest's): each is a row-level read or write over a set
 * of rows (a whole group commit's), so both stores implement the same small surface, digest's
 * logic exists once, and a commit costs a few statements per table rather than a few per event
 * (on PostgreSQL, a round trip each).
 *
 * Concurrency contract (several collector processes on one PostgreSQL): `findIssues` locks the
 * rows it returns until the transaction ends, `insertIssues` returns the existing (locked) row
 * when another transaction created it first, and every counter operation adds to the stored
 * value rather than overwriting it. SQLite has one writer, so the same code is trivially safe.
 */

import type { FingerprintRule } from '../fingerprint-rules/rule-types.js';
import type { AlertWriteTx } from './alert-write-tx.js';
import type { EventId, IssueId, ProjectId } from './ids.js';
import type {
  EventSummary,
  IssueRecord,
  IssueSnooze,
  IssueStatus,
  SampledOccurrence,
  UnignoredReason,
} from './records.js';
import type { ActivityWriter } from './team-records.js';

/** A new issue, as digest creates it from its first event. */
export interface NewIssue {
  projectId: ProjectId;
  fingerprint: string;
  groupingVersion: string;
  title: string;
  culprit: string;
  level: string;
  firstSeen: number;
  lastSeen: number;
}

/** The fields digest changes on an existing issue (absolute values: the row is locked). */
export interface IssuePatch {
  title?: string;
  culprit?: string;
  level?: string;
  status?: IssueStatus | 'merged';
  regressed?: boolean;
  firstSeen?: number;
  lastSeen?: number;
  count?: number;
  usersAffected?: number;
  resolvedAt?: number | null;
  resolvedInRelease?: string | null;
  snooze?: IssueSnooze | null;
  unignored?: { reason: UnignoredReason; at: number } | null;
}

/** Events of an issue in one UTC hour and in the hours of a baseline before it. */
export interface IssueHourTotals {
  current: number;
  baseline: number;
}

/** One error event row: the indexed columns plus the payload as JSON text. */
export interface EventRow extends EventSummary {
  payloadJson: string;
  /** The grouping hash it was grouped by (an unmerge moves a fingerprint's events by it). */
  fingerprint?: string;
}

/** A user of an issue (digest's user key: id, email, username or ip). */
export interface IssueUser {
  issueId: IssueId;
  userKey: string;
}

/**
 * The key `insertEvents` reports inserted events by.
 * @example eventKey(projectId, eventId)
 */
export function eventKey(projectId: ProjectId | number, eventId: string): string {
  return `${projectId}:${eventId}`;
}

/** A tag (or release/environment facet) seen on an issue, with how often and when. */
export interface IssueTagCount {
  issueId: IssueId;
  key: string;
  value: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** Events of one issue in one UTC hour (the issue list's sparklines). */
export interface IssueHourlyCount {
  issueId: IssueId;
  /** Start of the UTC hour (ms). */
  hour: number;
  count: number;
}

export interface ReleaseSeen {
  projectId: ProjectId;
  version: string;
  seenAt: number;
  /** Events to add to the release's count (0 only registers first-seen). */
  events: number;
}

export interface SessionCounts {
  projectId: ProjectId;
  release: string;
  environment: string;
  /** Start of the minute bucket (ms). */
  minute: number;
  started: number;
  exited: number;
  errored: number;
  crashed: number;
  abnormal: number;
}

export interface DiscardCounts {
  projectId: ProjectId;
  minute: number;
  source: 'client' | 'collector';
  reason: string;
  category: string;
  quantity: number;
}

/** Requests of one (project, minute, release, environment, service, method, route). */
export interface RouteCountRow {
  projectId: ProjectId;
  /** Start of the minute bucket (ms). */
  minute: number;
  /** '' when the sender had no release (the column is part of the key). */
  release: string;
  environment: string;
  /** '' when the sender named no service. */
  service: string;
  method: string;
  /** The route template; '' when no route matched. */
  route: string;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  shed: number;
  /** Of errors5xx, those caused by a dependency, and by overload (0 when the sender did not say). */
  dependency5xx: number;
  overload5xx: number;
}

/** An issue reopened by an event of `release` ('' for an event without one) at `at` (ms). */
export interface RegressionRow {
  projectId: ProjectId;
  issueId: IssueId;
  release: string;
  at: number;
}

export interface TransactionRow {
  projectId: ProjectId;
  eventId: EventId;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  name: string | null;
  op: string | null;
  status: string | null;
  httpStatus: number | null;
  durationMs: number | null;
  timestamp: number;
  receivedAt: number;
  release: string | null;
  environment: string;
  service: string | null;
}

export interface AttachmentRow {
  projectId: ProjectId;
  eventId: EventId;
  filename: string;
  contentType: string;
  attachmentType: string;
  bytes: Uint8Array;
  receivedAt: number;
}

/** The issue of a stored event (what a sampled occurrence "like" it is counted on). */
export interface EventIssue {
  issueId: IssueId;
  fingerprint: string;
}

/** One sampled occurrence row to store (issue 18 §1). */
export interface SampledRow extends SampledOccurrence {
  /** The like event's issue when it is stored (the occurrence is then counted on it), else null. */
  issueId: IssueId | null;
}

/** One write transaction. Every method may be called many times; nothing is visible to
 * readers until `Store.write` resolves. */
export interface WriteTx extends AlertWriteTx, ActivityWriter {
  /** The fingerprint rules of each of these projects that has any (cached: no query per commit). */
  fingerprintRules(projectIds: readonly ProjectId[]): Promise<Map<ProjectId, readonly FingerprintRule[]>>;
  /** The issue each of these fingerprints groups into in a project (its own, or the one a merge
   * sent it to: `issue_fingerprints`, read once for the whole list), locked for this transaction
   * (in id order); a fingerprint without an issue has no entry. */
  findIssues(projectId: ProjectId, fingerprints: readonly string[]): Promise<Map<string, IssueRecord>>;
  /** Creates the issues (distinct (project, fingerprint)s), in input order; one that a concurrent
   * transaction created first is returned as it stands, locked, with `created: false`. */
  insertIssues(issues: readonly NewIssue[]): Promise<{ issue: IssueRecord; created: boolean }[]>;
  updateIssues(updates: readonly { id: IssueId; patch: IssuePatch }[]): Promise<void>;
  /** Records distinct users of issues; resolves to how many were not recorded before, per issue. */
  addIssueUsers(users: readonly IssueUser[]): Promise<Map<IssueId, number>>;
  /** Adds tag counts (also `release` and `environment`, which make "seen in" queryable). */
  addIssueTags(tags: readonly IssueTagCount[]): Promise<void>;
  /** First-seen times of the known releases among `versions`, by version (read only). */
  getReleases(projectId: ProjectId, versions: readonly string[]): Promise<Map<string, number>>;
  /** Registers releases (distinct (project, version)s; each keeps its earliest first-seen) and
   * adds their events; resolves to each one's first-seen, in input order. */
  upsertReleases(releases: readonly ReleaseSeen[]): Promise<number[]>;
  /** The ids among `eventIds` that the project already stores. */
  storedEvents(projectId: ProjectId, eventIds: readonly EventId[]): Promise<Set<EventId>>;
  /** Inserts events; resolves to the (project, event id) keys inserted (`eventKey`): one already
   * stored is skipped, nothing written. */
  insertEvents(events: readonly EventRow[]): Promise<Set<string>>;
  /** Inserts transactions' thin rows; resolves to how many were new ((project, event id) exists: skipped). */
  insertTransactions(rows: readonly TransactionRow[]): Promise<number>;
  addSessionCounts(counts: readonly SessionCounts[]): Promise<void>;
  addDiscardCounts(counts: readonly DiscardCounts[]): Promise<void>;
  /** Adds per-route request counts (added to what is stored, never overwritten). */
  addRouteCounts(rows: readonly RouteCountRow[]): Promise<void>;
  addRegressions(rows: readonly RegressionRow[]): Promise<void>;
  /** Adds events per issue and hour (added to what is stored, never overwritten). */
  addIssueHourlyCounts(rows: readonly IssueHourlyCount[]): Promise<void>;
  /** Stored events of each issue in the hour starting at `hour` (current) and in [`from`, `hour`)
   * (baseline); an issue without any has no entry. */
  issueHourTotals(
    issueIds: readonly IssueId[],
    window: { hour: number; from: number },
  ): Promise<Map<IssueId, IssueHourTotals>>;
  /** The fingerprints among `fingerprints` whose events the project discards (a deleted issue's). */
  discardedFingerprints(projectId: ProjectId, fingerprints: readonly string[]): Promise<Set<string>>;
  insertAttachment(row: AttachmentRow): Promise<void>;
  /** The issue of each stored event among `eventIds` (events this transaction inserted included). */
  eventIssues(projectId: ProjectId, eventIds: readonly EventId[]): Promise<Map<EventId, EventIssue>>;
  /** Inserts sampled occurrences; resolves to the keys (`sampledKey`) of those not stored before. */
  insertSampled(rows: readonly SampledRow[]): Promise<Set<string>>;
}
