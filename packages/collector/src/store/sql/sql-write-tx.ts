/**
 * WriteTx over any SqlExecutor (both stores). Counters are added in SQL (`x = x + ?`) so two
 * PostgreSQL transactions touching one release or tag row both count; issue rows are locked
 * by `findIssue` (`FOR UPDATE`) or by the insert itself, so digest may write absolute values.
 */

import type { EventId, IssueId, ProjectId } from '../ids.js';
import type {
  AttachmentRow,
  DiscardCounts,
  EventRow,
  IssuePatch,
  IssueTagCount,
  NewIssue,
  ReleaseSeen,
  SessionCounts,
  TransactionRow,
  WriteTx,
} from '../write-tx.js';
import type { SqlExecutor } from './executor.js';
import { type Row, toIssue } from './rows.js';

/** IssuePatch field → column. */
const PATCH_COLUMNS: Record<keyof IssuePatch, string> = {
  title: 'title',
  culprit: 'culprit',
  level: 'level',
  status: 'status',
  regressed: 'regressed',
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  count: 'times_seen',
  usersAffected: 'users_count',
  resolvedAt: 'resolved_at',
  resolvedInRelease: 'resolved_in_release',
};

// Earliest/latest without GREATEST/LEAST (PostgreSQL) or scalar max/min (SQLite).
const EARLIEST = (t: string, col: string) =>
  `CASE WHEN excluded.${col} < ${t}.${col} THEN excluded.${col} ELSE ${t}.${col} END`;
const LATEST = (t: string, col: string) =>
  `CASE WHEN excluded.${col} > ${t}.${col} THEN excluded.${col} ELSE ${t}.${col} END`;

const INSERT_ISSUE =
  'INSERT INTO issues (project_id, fingerprint, grouping_version, title, culprit, level, first_seen, last_seen) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, fingerprint) DO NOTHING RETURNING *';

const UPSERT_TAG =
  'INSERT INTO issue_tags AS t (issue_id, key, value, times_seen, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?) ' +
  `ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = t.times_seen + excluded.times_seen, ` +
  `first_seen = ${EARLIEST('t', 'first_seen')}, last_seen = ${LATEST('t', 'last_seen')}`;

const UPSERT_RELEASE =
  'INSERT INTO releases AS r (project_id, version, first_seen, last_seen, event_count) VALUES (?, ?, ?, ?, ?) ' +
  `ON CONFLICT (project_id, version) DO UPDATE SET event_count = r.event_count + excluded.event_count, ` +
  `first_seen = ${EARLIEST('r', 'first_seen')}, last_seen = ${LATEST('r', 'last_seen')} RETURNING first_seen`;

const INSERT_EVENT =
  'INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, level, title, release, ' +
  'environment, request_id, trace_id, span_id, parent_span_id, service, transaction_name, user_key, payload) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, event_id) DO NOTHING';

const INSERT_TRANSACTION =
  'INSERT INTO transactions (project_id, event_id, trace_id, span_id, parent_span_id, name, op, status, ' +
  'http_status, duration_ms, timestamp, received_at, release, environment, service) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, event_id) DO NOTHING';

const ADD_SESSIONS =
  'INSERT INTO session_counts AS s (project_id, release, environment, minute, started, exited, errored, crashed, abnormal) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, release, environment, minute) DO UPDATE SET ' +
  'started = s.started + excluded.started, exited = s.exited + excluded.exited, ' +
  'errored = s.errored + excluded.errored, crashed = s.crashed + excluded.crashed, ' +
  'abnormal = s.abnormal + excluded.abnormal';

const ADD_DISCARDS =
  'INSERT INTO discard_counts AS d (project_id, minute, source, reason, category, quantity) VALUES (?, ?, ?, ?, ?, ?) ' +
  'ON CONFLICT (project_id, minute, source, reason, category) DO UPDATE SET quantity = d.quantity + excluded.quantity';

const INSERT_ATTACHMENT =
  'INSERT INTO attachments (project_id, event_id, filename, content_type, attachment_type, size, data, received_at) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * The WriteTx of both stores, bound to one transaction's executor.
 * @example await store.write(async (tx) => tx.hasEvent(projectId, eventId))
 */
export function createSqlWriteTx(exec: SqlExecutor): WriteTx {
  const findIssue = async (projectId: ProjectId, fingerprint: string) => {
    const row = await exec.get<Row>(
      `SELECT * FROM issues WHERE project_id = ? AND fingerprint = ?${exec.dialect.forUpdate}`,
      [projectId, fingerprint],
    );
    return row === undefined ? undefined : toIssue(row);
  };
  return {
    findIssue,
    async insertIssue(i: NewIssue) {
      const row = await exec.get<Row>(INSERT_ISSUE, [
        i.projectId,
        i.fingerprint,
        i.groupingVersion,
        i.title,
        i.culprit,
        i.level,
        i.firstSeen,
        i.lastSeen,
      ]);
      if (row !== undefined) return { issue: toIssue(row), created: true };
      // Another transaction created it between our find and insert; ON CONFLICT waited for it.
      const existing = await findIssue(i.projectId, i.fingerprint);
      if (existing === undefined) throw new Error('issue insert conflicted but no row exists');
      return { issue: existing, created: false };
    },
    async updateIssue(id: IssueId, patch: IssuePatch) {
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
        const value = patch[field as keyof IssuePatch];
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        params.push(value);
      }
      if (sets.length === 0) return;
      await exec.run(`UPDATE issues SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
    },
    async addIssueUser(issueId: IssueId, userKey: string) {
      const changed = await exec.run(
        'INSERT INTO issue_users (issue_id, user_key) VALUES (?, ?) ON CONFLICT (issue_id, user_key) DO NOTHING',
        [issueId, userKey],
      );
      return changed > 0;
    },
    async addIssueTags(tags: readonly IssueTagCount[]) {
      for (const t of tags) {
        await exec.run(UPSERT_TAG, [t.issueId, t.key, t.value, t.count, t.firstSeen, t.lastSeen]);
      }
    },
    async getRelease(projectId: ProjectId, version: string) {
      const row = await exec.get<Row>(
        'SELECT first_seen FROM releases WHERE project_id = ? AND version = ?',
        [projectId, version],
      );
      return row === undefined ? undefined : { firstSeen: Number(row.first_seen) };
    },
    async upsertRelease(r: ReleaseSeen) {
      const row = await exec.get<Row>(UPSERT_RELEASE, [r.projectId, r.version, r.seenAt, r.seenAt, r.events]);
      return { firstSeen: Number(row?.first_seen ?? r.seenAt) };
    },
    async hasEvent(projectId: ProjectId, eventId: EventId) {
      const row = await exec.get<Row>('SELECT 1 AS one FROM events WHERE project_id = ? AND event_id = ?', [
        projectId,
        eventId,
      ]);
      return row !== undefined;
    },
    async insertEvent(e: EventRow) {
      const changed = await exec.run(INSERT_EVENT, [
        e.projectId,
        e.eventId,
        e.issueId,
        e.timestamp,
        e.receivedAt,
        e.level,
        e.title,
        e.release,
        e.environment,
        e.requestId,
        e.traceId,
        e.spanId,
        e.parentSpanId,
        e.service,
        e.transaction,
        e.userKey,
        e.payloadJson,
      ]);
      return changed > 0;
    },
    async insertTransaction(t: TransactionRow) {
      const changed = await exec.run(INSERT_TRANSACTION, [
        t.projectId,
        t.eventId,
        t.traceId,
        t.spanId,
        t.parentSpanId,
        t.name,
        t.op,
        t.status,
        t.httpStatus,
        t.durationMs,
        t.timestamp,
        t.receivedAt,
        t.release,
        t.environment,
        t.service,
      ]);
      return changed > 0;
    },
    async addSessionCounts(s: SessionCounts) {
      await exec.run(ADD_SESSIONS, [
        s.projectId,
        s.release,
        s.environment,
        s.minute,
        s.started,
        s.exited,
        s.errored,
        s.crashed,
        s.abnormal,
      ]);
    },
    async addDiscardCounts(d: DiscardCounts) {
      await exec.run(ADD_DISCARDS, [d.projectId, d.minute, d.source, d.reason, d.category, d.quantity]);
    },
    async insertAttachment(a: AttachmentRow) {
      await exec.run(INSERT_ATTACHMENT, [
        a.projectId,
        a.eventId,
        a.filename,
        a.contentType,
        a.attachmentType,
        a.bytes.byteLength,
        Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength),
        a.receivedAt,
      ]);
    },
  };
}
