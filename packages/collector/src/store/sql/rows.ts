/** Row → record mapping shared by both stores. Drivers differ only in booleans (0/1 vs
 * true/false), which `Boolean()` absorbs; PostgreSQL BIGINTs are parsed to numbers by the
 * pool's type parser (postgres/types.ts). */

import type { SentryEvent } from '@faultline/core';
import type { EventId, IssueId, ProjectId } from '../ids.js';
import type {
  EventRecord,
  EventSummary,
  IssueRecord,
  IssueStatus,
  KeyRecord,
  ProjectRecord,
  TransactionRecord,
} from '../records.js';

export type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function jsonList(v: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(v));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export function toProject(r: Row): ProjectRecord {
  return {
    id: num(r.id) as ProjectId,
    name: String(r.name),
    createdAt: num(r.created_at),
    allowedOrigins: jsonList(r.allowed_origins),
    rateLimitPerMinute: numOrNull(r.rate_limit_per_minute),
    scrubKeys: jsonList(r.scrub_keys),
  };
}

export function toKey(r: Row): KeyRecord {
  return {
    publicKey: String(r.public_key),
    projectId: num(r.project_id) as ProjectId,
    enabled: Boolean(r.enabled),
    createdAt: num(r.created_at),
  };
}

export function toIssue(r: Row): IssueRecord {
  return {
    id: num(r.id) as IssueId,
    projectId: num(r.project_id) as ProjectId,
    fingerprint: String(r.fingerprint),
    groupingVersion: String(r.grouping_version),
    title: String(r.title),
    culprit: String(r.culprit),
    level: String(r.level),
    status: String(r.status) as IssueStatus | 'merged',
    mergedInto:
      r.merged_into === null || r.merged_into === undefined ? null : (num(r.merged_into) as IssueId),
    regressed: Boolean(r.regressed),
    firstSeen: num(r.first_seen),
    lastSeen: num(r.last_seen),
    count: num(r.times_seen),
    usersAffected: num(r.users_count),
    resolvedAt: numOrNull(r.resolved_at),
    resolvedInRelease: strOrNull(r.resolved_in_release),
  };
}

/** The event columns every event query selects (payload separately, it can be 1 MiB). */
export const EVENT_COLUMNS =
  'project_id, event_id, issue_id, timestamp, received_at, level, title, release, environment, ' +
  'request_id, trace_id, span_id, parent_span_id, service, transaction_name, user_key';

export function toEventSummary(r: Row): EventSummary {
  return {
    projectId: num(r.project_id) as ProjectId,
    eventId: String(r.event_id) as EventId,
    issueId: num(r.issue_id) as IssueId,
    timestamp: num(r.timestamp),
    receivedAt: num(r.received_at),
    level: String(r.level),
    title: String(r.title),
    release: strOrNull(r.release),
    environment: String(r.environment),
    requestId: strOrNull(r.request_id),
    traceId: strOrNull(r.trace_id),
    spanId: strOrNull(r.span_id),
    parentSpanId: strOrNull(r.parent_span_id),
    service: strOrNull(r.service),
    transaction: strOrNull(r.transaction_name),
    userKey: strOrNull(r.user_key),
  };
}

export function toEvent(r: Row): EventRecord {
  let payload: SentryEvent;
  try {
    payload = JSON.parse(String(r.payload)) as SentryEvent;
  } catch {
    payload = {};
  }
  return { ...toEventSummary(r), payload };
}

export function toTransaction(r: Row): TransactionRecord {
  return {
    projectId: num(r.project_id) as ProjectId,
    eventId: String(r.event_id) as EventId,
    traceId: strOrNull(r.trace_id),
    spanId: strOrNull(r.span_id),
    parentSpanId: strOrNull(r.parent_span_id),
    name: strOrNull(r.name),
    op: strOrNull(r.op),
    status: strOrNull(r.status),
    httpStatus: numOrNull(r.http_status),
    durationMs: numOrNull(r.duration_ms),
    timestamp: num(r.timestamp),
    release: strOrNull(r.release),
    environment: String(r.environment),
    service: strOrNull(r.service),
  };
}
