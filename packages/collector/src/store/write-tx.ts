/**
 * The primitive operations digest performs inside one store transaction. They hold no
 * grouping or counting policy (that is digest's): each is one row-level read or write, so
 * both stores implement the same small surface and digest's logic exists once.
 *
 * Concurrency contract (several collector processes on one PostgreSQL): `findIssue` locks the
 * row it returns until the transaction ends, `insertIssue` returns the existing (locked) row
 * when another transaction created it first, and every counter operation adds to the stored
 * value rather than overwriting it. SQLite has one writer, so the same code is trivially safe.
 */

import type { EventId, IssueId, ProjectId } from './ids.js';
import type { EventSummary, IssueRecord, IssueStatus } from './records.js';

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
  status?: IssueStatus;
  regressed?: boolean;
  firstSeen?: number;
  lastSeen?: number;
  count?: number;
  usersAffected?: number;
  resolvedAt?: number | null;
  resolvedInRelease?: string | null;
}

/** One error event row: the indexed columns plus the payload as JSON text. */
export interface EventRow extends EventSummary {
  payloadJson: string;
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

/** One write transaction. Every method may be called many times; nothing is visible to
 * readers until `Store.write` resolves. */
export interface WriteTx {
  /** The issue owning (project, fingerprint), locked for this transaction; undefined if none. */
  findIssue(projectId: ProjectId, fingerprint: string): Promise<IssueRecord | undefined>;
  /** Creates the issue, or returns the row a concurrent transaction created (`created: false`). */
  insertIssue(issue: NewIssue): Promise<{ issue: IssueRecord; created: boolean }>;
  updateIssue(id: IssueId, patch: IssuePatch): Promise<void>;
  /** Records a distinct user of an issue; true when the user was not recorded before. */
  addIssueUser(issueId: IssueId, userKey: string): Promise<boolean>;
  /** Adds tag counts (also `release` and `environment`, which make "seen in" queryable). */
  addIssueTags(tags: readonly IssueTagCount[]): Promise<void>;
  /** A release's first-seen time, if the release is known (read only). */
  getRelease(projectId: ProjectId, version: string): Promise<{ firstSeen: number } | undefined>;
  /** Registers a release (keeping its earliest first-seen) and adds events; returns first-seen. */
  upsertRelease(release: ReleaseSeen): Promise<{ firstSeen: number }>;
  /** True when (project, event id) is already stored. */
  hasEvent(projectId: ProjectId, eventId: EventId): Promise<boolean>;
  /** Inserts an event; false (and nothing written) when (project, event id) exists. */
  insertEvent(event: EventRow): Promise<boolean>;
  /** Inserts a transaction's thin row; false when (project, event id) exists. */
  insertTransaction(row: TransactionRow): Promise<boolean>;
  addSessionCounts(counts: SessionCounts): Promise<void>;
  addDiscardCounts(counts: DiscardCounts): Promise<void>;
  insertAttachment(row: AttachmentRow): Promise<void>;
}
