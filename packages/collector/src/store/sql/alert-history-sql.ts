/** The stored history a rule preview runs over (issue 14 §4): a project's newest events, bounded;
 * and an issue's events in a frequency window, for the explanation of a pair the log holds no row for. */

import type { AlertHistory } from '../alert-records.js';
import type { IssueId, ProjectId } from '../ids.js';
import type { SqlContext } from './executor.js';
import { countIssueEvents } from './issue-event-count.js';
import { type Row, toEvent } from './rows.js';

/**
 * The alert history operations of a SQL store.
 * @example const { events, more } = await alertHistorySql(ctx).alertHistory(projectId, since, MAX_PREVIEW_EVENTS)
 */
export function alertHistorySql(ctx: SqlContext) {
  return {
    async alertHistory(projectId: ProjectId, from: number, limit: number): Promise<AlertHistory> {
      // Newest first, so that past the bound it is the oldest that are left out.
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM events WHERE project_id = ? AND received_at >= ? ORDER BY received_at DESC, id DESC LIMIT ?',
        [projectId, from, limit + 1],
      );
      const events = rows.slice(0, limit).map(toEvent).reverse();
      const ids = [...new Set(events.map((e) => e.issueId))];
      const d = ctx.read.dialect;
      const issues =
        ids.length === 0
          ? []
          : await ctx.read.all<Row>(`SELECT id, first_seen FROM issues WHERE ${d.anyOf('id')}`, [
              d.listParam(ids),
            ]);
      return {
        events,
        firstSeen: new Map(issues.map((r) => [Number(r.id) as IssueId, Number(r.first_seen)])),
        more: rows.length > limit,
      };
    },
    countIssueEvents: (issueId: IssueId, since: number, limit: number) =>
      countIssueEvents(ctx.read, issueId, since, limit),
  };
}
