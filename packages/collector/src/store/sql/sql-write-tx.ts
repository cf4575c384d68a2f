/**
 * WriteTx over any SqlExecutor (both stores). Counters are added in SQL (`x = x + ?`) so two
 * PostgreSQL transactions touching one release or tag row both count; issue rows are locked
 * by `findIssues` (`FOR UPDATE`) or by the insert itself, so digest may write absolute values.
 * Every method takes a set of rows: a few statements per group commit, and one await (sql/multi-row.ts).
 */

import type { EventId, IssueId, ProjectId } from '../ids.js';
import type { IssueRecord } from '../records.js';
import {
  type AttachmentRow,
  type DiscardCounts,
  type EventRow,
  eventKey,
  type IssueHourlyCount,
  type IssueHourTotals,
  type IssuePatch,
  type IssueTagCount,
  type IssueUser,
  type NewIssue,
  type RegressionRow,
  type ReleaseSeen,
  type RouteCountRow,
  type SessionCounts,
  type TransactionRow,
  type WriteTx,
} from '../write-tx.js';
import { type AlertTxShared, createAlertWriteTx } from './alert-write-tx.js';
import type { SqlExecutor } from './executor.js';
import { addActivity } from './issue-activity-sql.js';
import { insertRows, insertRowsReturning, type MultiRowInsert, updateRows } from './multi-row.js';
import { type Row, toIssue } from './rows.js';
import { sampledWriteSql } from './sampled-write-sql.js';
import { snoozeColumns } from './snooze-columns.js';

/** IssuePatch field → column (the snooze and unignored fields map to several, below). */
const PATCH_COLUMNS: Record<Exclude<keyof IssuePatch, 'snooze' | 'unignored'>, string> = {
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

/** PostgreSQL types of the issue columns an IssuePatch sets that are not text (the arrays of a
 * multi-row UPDATE are cast to them). */
const ISSUE_COLUMN_TYPES: Record<string, string> = {
  regressed: 'boolean',
  first_seen: 'bigint',
  last_seen: 'bigint',
  times_seen: 'bigint',
  users_count: 'bigint',
  resolved_at: 'bigint',
  snooze_value: 'integer',
  snooze_threshold: 'bigint',
  snoozed_at: 'bigint',
  unignored_at: 'bigint',
};

// Earliest/latest without GREATEST/LEAST (PostgreSQL) or scalar max/min (SQLite).
const EARLIEST = (t: string, col: string) =>
  `CASE WHEN excluded.${col} < ${t}.${col} THEN excluded.${col} ELSE ${t}.${col} END`;
const LATEST = (t: string, col: string) =>
  `CASE WHEN excluded.${col} > ${t}.${col} THEN excluded.${col} ELSE ${t}.${col} END`;

const INSERT_ISSUES = {
  head: 'INSERT INTO issues (project_id, fingerprint, grouping_version, title, culprit, level, first_seen, last_seen) VALUES ',
  columns: 8,
  tail: ' ON CONFLICT (project_id, fingerprint) DO NOTHING',
  returning: ' RETURNING *',
};

const UPSERT_TAGS: MultiRowInsert = {
  head: 'INSERT INTO issue_tags AS t (issue_id, key, value, times_seen, first_seen, last_seen) VALUES ',
  columns: 6,
  tail:
    ' ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = t.times_seen + excluded.times_seen, ' +
    `first_seen = ${EARLIEST('t', 'first_seen')}, last_seen = ${LATEST('t', 'last_seen')}`,
};

const UPSERT_RELEASES = {
  head: 'INSERT INTO releases AS r (project_id, version, first_seen, last_seen, event_count) VALUES ',
  columns: 5,
  tail:
    ' ON CONFLICT (project_id, version) DO UPDATE SET event_count = r.event_count + excluded.event_count, ' +
    `first_seen = ${EARLIEST('r', 'first_seen')}, last_seen = ${LATEST('r', 'last_seen')}`,
  returning: ' RETURNING project_id, version, first_seen',
};

const EVENT_COLUMNS =
  'project_id, event_id, issue_id, timestamp, received_at, level, title, release, environment, request_id, ' +
  'trace_id, span_id, parent_span_id, service, transaction_name, user_key, payload, fingerprint';

const INSERT_EVENTS = {
  head: `INSERT INTO events (${EVENT_COLUMNS}) VALUES `,
  columns: 18,
  // No target: the unique key is (project_id, event_id).
  tail: ' ON CONFLICT DO NOTHING',
  returning: ' RETURNING project_id, event_id',
};

/**
 * Partitioned events have no unique key on (project_id, event_id) that ON CONFLICT could use
 * (it includes received_at), so the statement itself skips the rows already stored. A duplicate
 * sent to two collectors at once groups into the same issue, whose row both transactions lock
 * before inserting events (findIssues, insertIssues): the later one's INSERT starts (and takes
 * its snapshot) after the earlier one committed, so it sees those events. In the INSERT rather
 * than a SELECT before it: one round trip less per commit, with the same snapshot. `OFFSET 0`
 * keeps the test a per-row subplan: planned as an anti-join over every partition, the statement's
 * bind took a median 2.3 ms at 10 rows (PostgreSQL 15, a loaded machine), against 1.2 ms as a
 * subplan and 1.3 ms for the SELECT and INSERT it replaces.
 */
const INSERT_NEW_EVENTS = {
  head: `INSERT INTO events (${EVENT_COLUMNS}) SELECT * FROM (VALUES `,
  columns: 18,
  tuple: '(?::integer, ?::text, ?::integer, ?::bigint, ?::bigint, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  tail:
    `) AS v(${EVENT_COLUMNS}) WHERE NOT EXISTS (SELECT 1 FROM events e ` +
    'WHERE e.project_id = v.project_id AND e.event_id = v.event_id OFFSET 0) ON CONFLICT DO NOTHING',
  returning: ' RETURNING project_id, event_id',
};

const ADD_ISSUE_USERS = {
  head: 'INSERT INTO issue_users (issue_id, user_key) VALUES ',
  columns: 2,
  tail: ' ON CONFLICT (issue_id, user_key) DO NOTHING',
  returning: ' RETURNING issue_id',
};

const INSERT_TRANSACTIONS: MultiRowInsert = {
  head:
    'INSERT INTO transactions (project_id, event_id, trace_id, span_id, parent_span_id, name, op, status, ' +
    'http_status, duration_ms, timestamp, received_at, release, environment, service) VALUES ',
  columns: 15,
  tail: ' ON CONFLICT (project_id, event_id) DO NOTHING',
};

const ADD_SESSIONS: MultiRowInsert = {
  head: 'INSERT INTO session_counts AS s (project_id, release, environment, minute, started, exited, errored, crashed, abnormal) VALUES ',
  columns: 9,
  tail:
    ' ON CONFLICT (project_id, release, environment, minute) DO UPDATE SET ' +
    'started = s.started + excluded.started, exited = s.exited + excluded.exited, ' +
    'errored = s.errored + excluded.errored, crashed = s.crashed + excluded.crashed, ' +
    'abnormal = s.abnormal + excluded.abnormal',
};

const ADD_DISCARDS: MultiRowInsert = {
  head: 'INSERT INTO discard_counts AS d (project_id, minute, source, reason, category, quantity) VALUES ',
  columns: 6,
  tail: ' ON CONFLICT (project_id, minute, source, reason, category) DO UPDATE SET quantity = d.quantity + excluded.quantity',
};

const issueKey = (projectId: number, fingerprint: string) => `${projectId}:${fingerprint}`;

const ADD_ROUTE_COUNTS = {
  head:
    'INSERT INTO route_counts AS r (project_id, minute, release, environment, service, method, route, ' +
    'requests, errors_4xx, errors_5xx, shed, errors_5xx_dependency, errors_5xx_overload) VALUES ',
  columns: 13,
  tail:
    ' ON CONFLICT (project_id, minute, release, environment, service, method, route) DO UPDATE SET ' +
    'requests = r.requests + excluded.requests, errors_4xx = r.errors_4xx + excluded.errors_4xx, ' +
    'errors_5xx = r.errors_5xx + excluded.errors_5xx, shed = r.shed + excluded.shed, ' +
    'errors_5xx_dependency = r.errors_5xx_dependency + excluded.errors_5xx_dependency, ' +
    'errors_5xx_overload = r.errors_5xx_overload + excluded.errors_5xx_overload',
};

const ADD_REGRESSIONS = {
  head: 'INSERT INTO issue_regressions (project_id, issue_id, release, at) VALUES ',
  columns: 4,
  tail: ' ON CONFLICT DO NOTHING',
};

const ADD_ISSUE_HOURLY_COUNTS: MultiRowInsert = {
  head: 'INSERT INTO issue_hourly_counts AS h (issue_id, hour, count) VALUES ',
  columns: 3,
  tail: ' ON CONFLICT (issue_id, hour) DO UPDATE SET count = h.count + excluded.count',
};

const INSERT_ATTACHMENT =
  'INSERT INTO attachments (project_id, event_id, filename, content_type, attachment_type, size, data, received_at) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * The WriteTx of both stores, bound to one transaction's executor; `alerts` is what the store
 * shares with its transactions' alert part (the rules cache, the state memo); the store adds
 * `fingerprintRules` from its own cache.
 * @example await store.write(async (tx) => tx.storedEvents(projectId, [eventId]))
 */
export function createSqlWriteTx(
  exec: SqlExecutor,
  alerts: AlertTxShared,
): Omit<WriteTx, 'fingerprintRules'> {
  const d = exec.dialect;
  const storedEventIds = async (projectId: ProjectId, eventIds: readonly EventId[]) => {
    if (eventIds.length === 0) return new Set<EventId>();
    const rows = await exec.all<Row>(
      `SELECT event_id FROM events WHERE project_id = ? AND ${d.anyOf('event_id')}`,
      [projectId, d.listParam(eventIds)],
    );
    return new Set(rows.map((r) => String(r.event_id) as EventId));
  };
  const lockIssues = async (projectId: ProjectId, fingerprints: readonly string[], ids: readonly number[]) =>
    (
      await exec.all<Row>(
        `SELECT * FROM issues WHERE project_id = ? AND (${d.anyOf('fingerprint')} OR ${d.anyOf('id')}) ORDER BY id${d.forUpdate}`,
        [projectId, d.listParam(fingerprints), d.listParam(ids)],
      )
    ).map(toIssue);
  const findIssues = async (projectId: ProjectId, fingerprints: readonly string[]) => {
    const out = new Map<string, IssueRecord>();
    if (fingerprints.length === 0) return out;
    // One indexed read per batch: the fingerprints a merge sent to another issue.
    const mapped = await exec.all<Row>(
      `SELECT fingerprint, issue_id FROM issue_fingerprints WHERE project_id = ? AND ${d.anyOf('fingerprint')}`,
      [projectId, d.listParam(fingerprints)],
    );
    const targetOf = new Map(mapped.map((r) => [String(r.fingerprint), Number(r.issue_id)]));
    const direct = fingerprints.filter((f) => !targetOf.has(f));
    let issues = await lockIssues(projectId, direct, [...new Set(targetOf.values())]);
    // A merge that committed while we waited for its locks left tombstones: their target,
    // locked too, takes their events (merged_into always names the final target).
    const moved = issues.filter((i) => i.mergedInto !== null);
    if (moved.length > 0) {
      for (const t of moved)
        if (direct.includes(t.fingerprint)) targetOf.set(t.fingerprint, t.mergedInto as number);
      issues = [
        ...issues,
        ...(await lockIssues(
          projectId,
          [],
          moved.map((t) => t.mergedInto as number),
        )),
      ];
    }
    const byId = new Map(issues.map((i) => [i.id as number, i]));
    for (const f of fingerprints) {
      const id = targetOf.get(f);
      const issue =
        id === undefined ? issues.find((i) => i.fingerprint === f && i.mergedInto === null) : byId.get(id);
      if (issue !== undefined) out.set(f, issue);
    }
    return out;
  };
  return {
    ...createAlertWriteTx(exec, alerts),
    ...sampledWriteSql(exec),
    findIssues,
    async insertIssues(issues: readonly NewIssue[]) {
      const rows = await insertRowsReturning<Row>(
        exec,
        INSERT_ISSUES,
        issues.map((i) => [
          i.projectId,
          i.fingerprint,
          i.groupingVersion,
          i.title,
          i.culprit,
          i.level,
          i.firstSeen,
          i.lastSeen,
        ]),
      );
      const created = new Map(
        rows.map((r) => [issueKey(Number(r.project_id), String(r.fingerprint)), toIssue(r)]),
      );
      // Others were created by a concurrent transaction between our find and insert; ON CONFLICT
      // waited for it to commit, and they are found (and locked) now.
      const existing = new Map<string, IssueRecord>();
      const missing = issues.filter((i) => !created.has(issueKey(i.projectId, i.fingerprint)));
      for (const projectId of new Set(missing.map((i) => i.projectId))) {
        const fingerprints = missing.filter((i) => i.projectId === projectId).map((i) => i.fingerprint);
        for (const [fingerprint, issue] of await findIssues(projectId, fingerprints))
          existing.set(issueKey(projectId, fingerprint), issue);
      }
      return issues.map((i) => {
        const key = issueKey(i.projectId, i.fingerprint);
        const issue = created.get(key);
        if (issue !== undefined) return { issue, created: true };
        const other = existing.get(key);
        if (other === undefined) throw new Error('issue insert conflicted but no row exists');
        return { issue: other, created: false };
      });
    },
    async updateIssues(updates: readonly { id: IssueId; patch: IssuePatch }[]) {
      // Updates setting the same columns (all of digest's) share one statement (multi-row.ts).
      const groups = new Map<string, { columns: string[]; rows: unknown[][] }>();
      for (const { id, patch } of updates) {
        const columns: [string, unknown][] = [];
        for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
          const value = patch[field as keyof IssuePatch];
          if (value !== undefined) columns.push([column, value]);
        }
        if (patch.snooze !== undefined) columns.push(...Object.entries(snoozeColumns(patch.snooze)));
        if (patch.unignored !== undefined)
          columns.push(
            ['unignored_reason', patch.unignored?.reason ?? null],
            ['unignored_at', patch.unignored?.at ?? null],
          );
        if (columns.length === 0) continue;
        const names = columns.map(([column]) => column);
        const key = names.join(',');
        const group = groups.get(key) ?? { columns: names, rows: [] };
        group.rows.push([id, ...columns.map(([, value]) => value)]);
        groups.set(key, group);
      }
      await Promise.all(
        [...groups.values()].map(({ columns, rows }) =>
          updateRows(
            exec,
            {
              table: 'issues',
              key: { name: 'id', type: 'integer' },
              columns: columns.map((name) => ({ name, type: ISSUE_COLUMN_TYPES[name] ?? 'text' })),
            },
            rows,
          ),
        ),
      );
    },
    async addIssueUsers(users: readonly IssueUser[]) {
      const rows = await insertRowsReturning<Row>(
        exec,
        ADD_ISSUE_USERS,
        users.map((u) => [u.issueId, u.userKey]),
      );
      const added = new Map<IssueId, number>();
      for (const r of rows) {
        const id = Number(r.issue_id) as IssueId;
        added.set(id, (added.get(id) ?? 0) + 1);
      }
      return added;
    },
    async addIssueTags(tags: readonly IssueTagCount[]) {
      await insertRows(
        exec,
        UPSERT_TAGS,
        tags.map((t) => [t.issueId, t.key, t.value, t.count, t.firstSeen, t.lastSeen]),
      );
    },
    async getReleases(projectId: ProjectId, versions: readonly string[]) {
      const out = new Map<string, number>();
      if (versions.length === 0) return out;
      const rows = await exec.all<Row>(
        `SELECT version, first_seen FROM releases WHERE project_id = ? AND ${d.anyOf('version')}`,
        [projectId, d.listParam(versions)],
      );
      for (const r of rows) out.set(String(r.version), Number(r.first_seen));
      return out;
    },
    async upsertReleases(releases: readonly ReleaseSeen[]) {
      const rows = await insertRowsReturning<Row>(
        exec,
        UPSERT_RELEASES,
        releases.map((r) => [r.projectId, r.version, r.seenAt, r.seenAt, r.events]),
      );
      const firstSeen = new Map(
        rows.map((r) => [`${Number(r.project_id)}:${String(r.version)}`, Number(r.first_seen)]),
      );
      return releases.map((r) => firstSeen.get(`${r.projectId}:${r.version}`) ?? r.seenAt);
    },
    storedEvents: storedEventIds,
    async insertEvents(events: readonly EventRow[]) {
      const rows = await insertRowsReturning<Row>(
        exec,
        d.partitionedEvents ? INSERT_NEW_EVENTS : INSERT_EVENTS,
        events.map((e) => [
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
          e.fingerprint ?? null,
        ]),
      );
      return new Set(rows.map((r) => eventKey(Number(r.project_id), String(r.event_id))));
    },
    async insertTransactions(rows: readonly TransactionRow[]) {
      return insertRows(
        exec,
        INSERT_TRANSACTIONS,
        rows.map((t) => [
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
        ]),
      );
    },
    async addSessionCounts(counts: readonly SessionCounts[]) {
      await insertRows(
        exec,
        ADD_SESSIONS,
        counts.map((s) => [
          s.projectId,
          s.release,
          s.environment,
          s.minute,
          s.started,
          s.exited,
          s.errored,
          s.crashed,
          s.abnormal,
        ]),
      );
    },
    async addDiscardCounts(counts: readonly DiscardCounts[]) {
      await insertRows(
        exec,
        ADD_DISCARDS,
        counts.map((c) => [c.projectId, c.minute, c.source, c.reason, c.category, c.quantity]),
      );
    },
    async addRouteCounts(rows: readonly RouteCountRow[]) {
      await insertRows(
        exec,
        ADD_ROUTE_COUNTS,
        rows.map((r) => [
          r.projectId,
          r.minute,
          r.release,
          r.environment,
          r.service,
          r.method,
          r.route,
          r.requests,
          r.errors4xx,
          r.errors5xx,
          r.shed,
          r.dependency5xx,
          r.overload5xx,
        ]),
      );
    },
    addIssueActivity: (rows) => addActivity(exec, rows),
    async addRegressions(rows: readonly RegressionRow[]) {
      await insertRows(
        exec,
        ADD_REGRESSIONS,
        rows.map((r) => [r.projectId, r.issueId, r.release, r.at]),
      );
    },
    async addIssueHourlyCounts(rows: readonly IssueHourlyCount[]) {
      await insertRows(
        exec,
        ADD_ISSUE_HOURLY_COUNTS,
        rows.map((r) => [r.issueId, r.hour, r.count]),
      );
    },
    async issueHourTotals(issueIds: readonly IssueId[], window: { hour: number; from: number }) {
      const out = new Map<IssueId, IssueHourTotals>();
      if (issueIds.length === 0) return out;
      const rows = await exec.all<Row>(
        'SELECT issue_id, SUM(CASE WHEN hour = ? THEN count ELSE 0 END) AS current_hour, ' +
          'SUM(CASE WHEN hour < ? THEN count ELSE 0 END) AS baseline FROM issue_hourly_counts ' +
          `WHERE ${d.anyOf('issue_id')} AND hour >= ? AND hour <= ? GROUP BY issue_id`,
        [window.hour, window.hour, d.listParam(issueIds), window.from, window.hour],
      );
      for (const r of rows)
        out.set(Number(r.issue_id) as IssueId, {
          current: Number(r.current_hour),
          baseline: Number(r.baseline),
        });
      return out;
    },
    async discardedFingerprints(projectId: ProjectId, fingerprints: readonly string[]) {
      if (fingerprints.length === 0) return new Set<string>();
      const rows = await exec.all<Row>(
        `SELECT fingerprint FROM discarded_fingerprints WHERE project_id = ? AND ${d.anyOf('fingerprint')}`,
        [projectId, d.listParam(fingerprints)],
      );
      return new Set(rows.map((r) => String(r.fingerprint)));
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
