/**
 * The write side of sampled occurrences (issue 18 §1), inside digest's transaction: which issue
 * each "like" event belongs to (the transaction sees the events it inserted itself), and the
 * occurrence rows, reported back by key so digest counts only those stored for the first time.
 */

import type { EventId, IssueId, ProjectId } from '../ids.js';
import type { EventIssue, SampledRow } from '../write-tx.js';
import type { SqlExecutor } from './executor.js';
import { insertRowsReturning } from './multi-row.js';
import type { Row } from './rows.js';

const INSERT_SAMPLED = {
  head:
    'INSERT INTO sampled_occurrences (project_id, request_id, trace_id, method, route, status, timestamp, ' +
    'received_at, like_event_id, issue_id) VALUES ',
  columns: 10,
  tail: ' ON CONFLICT (project_id, request_id, like_event_id) DO NOTHING',
  returning: ' RETURNING project_id, request_id, like_event_id',
};

/**
 * The key `insertSampled` reports inserted rows by.
 * @example sampledKey(projectId, 'req-1', likeEventId)
 */
export function sampledKey(projectId: number, requestId: string, like: string): string {
  return `${projectId}\u0000${requestId}\u0000${like}`;
}

/**
 * @example const { eventIssues, insertSampled } = sampledWriteSql(exec)
 */
export function sampledWriteSql(exec: SqlExecutor) {
  const d = exec.dialect;
  return {
    async eventIssues(projectId: ProjectId, eventIds: readonly EventId[]) {
      const out = new Map<EventId, EventIssue>();
      if (eventIds.length === 0) return out;
      const rows = await exec.all<Row>(
        'SELECT e.event_id, e.issue_id, i.fingerprint FROM events e JOIN issues i ON i.id = e.issue_id ' +
          `WHERE e.project_id = ? AND ${d.anyOf('e.event_id')}`,
        [projectId, d.listParam(eventIds)],
      );
      for (const r of rows)
        out.set(String(r.event_id) as EventId, {
          issueId: Number(r.issue_id) as IssueId,
          fingerprint: String(r.fingerprint),
        });
      return out;
    },
    async insertSampled(rows: readonly SampledRow[]) {
      const inserted = await insertRowsReturning<Row>(
        exec,
        INSERT_SAMPLED,
        rows.map((r) => [
          r.projectId,
          r.requestId,
          r.traceId,
          r.method,
          r.route,
          r.status,
          r.timestamp,
          r.receivedAt,
          r.likeEventId,
          r.issueId,
        ]),
      );
      return new Set(
        inserted.map((r) => sampledKey(Number(r.project_id), String(r.request_id), String(r.like_event_id))),
      );
    },
  };
}
