/**
 * An issue's activity history (issue 19 §4): rows are appended by the transaction of the change
 * they record (status, assignment, comment, merge here and in the other store modules; first
 * seen, regression, wake and alerts by digest through WriteTx), and read newest first in keyset
 * pages like the events'.
 */

import type { IssueId, ProjectId } from '../ids.js';
import type { ActivityKind, IssueActivity, IssueTimelineQuery, NewIssueActivity } from '../team-records.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import { insertRows, type MultiRowInsert } from './multi-row.js';
import { afterCursor, pageSize, toPage } from './page.js';
import type { Row } from './rows.js';

const ADD_ACTIVITY: MultiRowInsert = {
  head: 'INSERT INTO issue_activity (project_id, issue_id, kind, actor, data, created_at) VALUES ',
  columns: 6,
  tail: '',
};

/**
 * Appends activity rows in the caller's transaction: one statement for all of them on
 * PostgreSQL (digest adds no query per event).
 * @example await addActivity(exec, [{ projectId, issueId, kind: 'assigned', actor, data: { assignee }, at }])
 */
export async function addActivity(exec: SqlExecutor, rows: readonly NewIssueActivity[]): Promise<void> {
  if (rows.length === 0) return;
  await insertRows(
    exec,
    ADD_ACTIVITY,
    rows.map((r) => [r.projectId, r.issueId, r.kind, r.actor, JSON.stringify(r.data), r.at]),
  );
}

/**
 * Gives the history (and comments) of merged issues to the issue they were merged into, in the
 * merge's transaction: the target shows what happened to all of them.
 * @example await moveTimeline(exec, projectId, target.id, [7, 9])
 */
export async function moveTimeline(
  exec: SqlExecutor,
  projectId: ProjectId,
  to: IssueId,
  from: readonly number[],
): Promise<void> {
  const d = exec.dialect;
  for (const table of ['issue_activity', 'issue_comments'])
    await exec.run(`UPDATE ${table} SET issue_id = ? WHERE project_id = ? AND ${d.anyOf('issue_id')}`, [
      to,
      projectId,
      d.listParam([...from]),
    ]);
}

function parseData(text: unknown): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(String(text));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const toActivity = (r: Row): IssueActivity => ({
  id: Number(r.id),
  issueId: Number(r.issue_id) as IssueId,
  kind: String(r.kind) as ActivityKind,
  actor: r.actor === null || r.actor === undefined ? null : String(r.actor),
  data: parseData(r.data),
  createdAt: Number(r.created_at),
});

/** The project of a live issue, or undefined; `lock` takes its row for the transaction. */
export async function liveIssueProject(
  exec: SqlExecutor,
  issueId: IssueId,
  lock = false,
): Promise<ProjectId | undefined> {
  const row = await exec.get<Row>(
    `SELECT project_id FROM issues WHERE id = ? AND deleted_at IS NULL AND merged_into IS NULL${lock ? exec.dialect.forUpdate : ''}`,
    [issueId],
  );
  return row === undefined ? undefined : (Number(row.project_id) as ProjectId);
}

/**
 * The activity reads of a SQL store.
 * @example await issueActivitySql(ctx).listIssueActivity({ issueId, limit: 50 })
 */
export function issueActivitySql(ctx: SqlContext) {
  return {
    /** An issue's activity, newest first; undefined when there is no such issue. */
    async listIssueActivity(query: IssueTimelineQuery) {
      const projectId = await liveIssueProject(ctx.read, query.issueId);
      if (projectId === undefined) return undefined;
      const limit = pageSize(query.limit);
      const after = afterCursor('created_at', 'id', query.cursor);
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM issue_activity WHERE project_id = ? AND issue_id = ?${after ? ` AND ${after.sql}` : ''} ` +
          'ORDER BY created_at DESC, id DESC LIMIT ?',
        [projectId, query.issueId, ...(after?.params ?? []), limit + 1],
      );
      return toPage(rows, limit, toActivity, (r) => ({ value: Number(r.created_at), id: Number(r.id) }));
    },
  };
}
