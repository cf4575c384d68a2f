/** Issue reads and status changes (issue 4 §2, §4). */

import type { IssueId, ProjectId } from '../ids.js';
import type { IssueQuery, StatusUpdateOptions } from '../queries.js';
import type { IssueDetail, IssueStatus } from '../records.js';
import type { SqlContext } from './executor.js';
import { addActivity } from './issue-activity-sql.js';
import { issueFilter, SORT_COLUMNS } from './issue-filter.js';
import { afterCursor, pageSize, toPage } from './page.js';
import { ISSUE_COLUMNS, type Row, toIssue } from './rows.js';
import type { SilencesCache } from './silences-cache.js';
import { endUntilResolvedSilences } from './silences-sql.js';
import { snoozeSet } from './snooze-set.js';

/** What each status resets: resolution data belongs to resolved states only, and any manual
 * change acknowledges a regression. */
function statusColumns(status: IssueStatus, options: StatusUpdateOptions) {
  const now = options.now ?? Date.now();
  const resolved = status === 'resolved' || status === 'resolved_in_next_release';
  return {
    resolvedAt: resolved ? now : null,
    resolvedInRelease: status === 'resolved' ? (options.inRelease ?? null) : null,
  };
}

/** The issue operations of a SQL store; resolving an issue ends its until-resolved silences
 * (and so changes what `silences` holds). */
export function issuesSql(ctx: SqlContext, silences: SilencesCache) {
  return {
    async listIssues(query: IssueQuery) {
      const column = SORT_COLUMNS[query.sort] ?? SORT_COLUMNS.lastSeen;
      const limit = pageSize(query.limit);
      const { where, params } = await issueFilter(ctx.read, query);
      // An issue being deleted (its rows going in slices) is no longer listed.
      where.push('deleted_at IS NULL');
      if (query.status === undefined) where.push("status <> 'merged'"); // a merge's tombstones
      const after = afterCursor(column, 'id', query.cursor);
      if (after) {
        where.push(after.sql);
        params.push(...after.params);
      }
      const rows = await ctx.read.all<Row>(
        `SELECT ${ISSUE_COLUMNS} FROM issues WHERE ${where.join(' AND ')} ORDER BY ${column} DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      return toPage(rows, limit, toIssue, (r) => ({ value: Number(r[column]), id: Number(r.id) }));
    },
    async getIssue(id: IssueId): Promise<IssueDetail | undefined> {
      const row = await ctx.read.get<Row>(
        `SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = ? AND deleted_at IS NULL`,
        [id],
      );
      if (row === undefined) return undefined;
      const facets = await ctx.read.all<Row>(
        'SELECT key, value FROM issue_tags WHERE issue_id = ? AND key IN (?, ?) ORDER BY first_seen, value',
        [id, 'release', 'environment'],
      );
      const values = (key: string) => facets.filter((f) => f.key === key).map((f) => String(f.value));
      return { ...toIssue(row), releases: values('release'), environments: values('environment') };
    },
    async updateIssueStatus(id: IssueId, status: IssueStatus, options: StatusUpdateOptions = {}) {
      const { resolvedAt, resolvedInRelease } = statusColumns(status, options);
      const snooze = snoozeSet(
        status === 'ignored' ? options.ignoreUntil : undefined,
        options.now ?? Date.now(),
      );
      let ended = 0;
      const now = options.now ?? Date.now();
      const changed = await ctx.transaction(async (exec) => {
        // Any status change ends a snooze and forgets why the issue last came back (as `regressed`).
        const row = await exec.get<Row>(
          'UPDATE issues SET status = ?, regressed = ?, resolved_at = ?, resolved_in_release = ?, ' +
            `unignored_reason = NULL, unignored_at = NULL, ${snooze.sql} WHERE id = ? AND deleted_at IS NULL ` +
            'RETURNING project_id',
          [status, false, resolvedAt, resolvedInRelease, ...snooze.params, id],
        );
        if (row === undefined) return 0;
        // The history says why as well as what: the release it is fixed in, the snooze's condition.
        const data = {
          status,
          ...(resolvedInRelease === null ? {} : { inRelease: resolvedInRelease }),
          ...(status === 'ignored' && options.ignoreUntil ? { ignoreUntil: options.ignoreUntil } : {}),
        };
        const projectId = Number(row.project_id) as ProjectId;
        await addActivity(exec, [
          { projectId, issueId: id, kind: 'status', actor: options.actor ?? null, data, at: now },
        ]);
        ended = resolvedAt !== null ? await endUntilResolvedSilences(exec, id, resolvedAt) : 0;
        return 1;
      });
      if (ended > 0) silences.invalidate();
      return changed > 0;
    },
  };
}
