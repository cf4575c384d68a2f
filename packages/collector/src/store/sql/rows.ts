/** Row → record mapping shared by both stores. Drivers differ only in booleans (0/1 vs
 * true/false), which `Boolean()` absorbs; PostgreSQL BIGINTs are parsed to numbers by the
 * pool's type parser (postgres/types.ts). */

import type { SentryEvent } from '@faultline/core';
import { storedFingerprintRules } from '../../fingerprint-rules/stored-rules.js';
import type { EventId, IssueId, ProjectId } from '../ids.js';
import {
  type EventRecord,
  type EventSummary,
  type InboundFilters,
  type IssueRecord,
  type IssueSnooze,
  type IssueStatus,
  type KeyRecord,
  NO_INBOUND_FILTERS,
  type ProjectRecord,
  type TransactionRecord,
  type UnignoredReason,
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

/** A stored filters object, every field checked: what is missing or of the wrong type filters
 * nothing (the API validated it on the way in; this guards against hand-edited rows). */
export function inboundFiltersOf(v: unknown): InboundFilters {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(v));
  } catch {
    return NO_INBOUND_FILTERS;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return NO_INBOUND_FILTERS;
  const o = parsed as Record<string, unknown>;
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  return {
    errorMessages: list(o.errorMessages),
    releases: list(o.releases),
    environments: list(o.environments),
    clientIps: list(o.clientIps),
    webCrawlers: o.webCrawlers === true,
    localhost: o.localhost === true,
  };
}

export function toProject(r: Row): ProjectRecord {
  return {
    id: num(r.id) as ProjectId,
    name: String(r.name),
    createdAt: num(r.created_at),
    allowedOrigins: jsonList(r.allowed_origins),
    rateLimitPerMinute: numOrNull(r.rate_limit_per_minute),
    scrubKeys: jsonList(r.scrub_keys),
    inboundFilters: inboundFiltersOf(r.inbound_filters),
    fingerprintRules: storedFingerprintRules(r.fingerprint_rules),
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

/** An issue row with its assignee's email (NULL when unassigned), for `toIssue`. */
export const ISSUE_COLUMNS =
  'issues.*, (SELECT email FROM users WHERE users.id = issues.assignee_user_id) AS assignee_email';

/** An issue from its row; `assignee` is read from ISSUE_COLUMNS' `assignee_email` (null without it). */
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
    snooze: toSnooze(r),
    unignored:
      r.unignored_reason === null || r.unignored_reason === undefined
        ? null
        : { reason: String(r.unignored_reason) as UnignoredReason, at: num(r.unignored_at) },
    assignee: strOrNull(r.assignee_email),
  };
}

function toSnooze(r: Row): IssueSnooze | null {
  const value = num(r.snooze_value);
  const base = { since: num(r.snoozed_at), threshold: numOrNull(r.snooze_threshold) };
  switch (r.snooze_kind) {
    case 'minutes':
      return { ...base, condition: { minutes: value } };
    case 'count':
      return { ...base, condition: { count: value } };
    case 'users':
      return { ...base, condition: { users: value } };
    case 'escalating':
      return { ...base, condition: { escalating: true } };
    default:
      return null;
  }
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
