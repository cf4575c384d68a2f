/**
 * Deleting an issue (issue 19 §2): first, in one short transaction, the issue is hidden
 * (`deleted_at`) and detached from its fingerprint (renamed to `deleted:<id>`; a real fingerprint
 * is 32 hex digits), with the fingerprint remembered as discarded when asked; so an event arriving
 * while the rows go groups into a new issue, or is discarded, and never into the one going away.
 * Then its events, tags, users, hourly counts, regressions, sampled occurrences, activity,
 * comments and until-resolved silences go in slices (sliced-delete.ts), and the row last. An interrupted purge is finished by
 * the deleted-issues job (`purgeDeletedIssues`); running it twice deletes nothing twice.
 */

import type { IssueId, ProjectId } from '../ids.js';
import type { IssueDeleteOptions } from '../queries.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';
import type { SilencesCache } from './silences-cache.js';
import { deleteInSlices } from './sliced-delete.js';

// Each takes (project_id, issue_id) then the slice size.
const SLICES = [
  'DELETE FROM attachments WHERE (project_id, event_id) IN (SELECT a.project_id, a.event_id FROM attachments a ' +
    'JOIN events e ON e.project_id = a.project_id AND e.event_id = a.event_id WHERE e.project_id = ? AND e.issue_id = ? LIMIT ?)',
  'DELETE FROM events WHERE (project_id, id) IN (SELECT project_id, id FROM events WHERE project_id = ? AND issue_id = ? LIMIT ?)',
  'DELETE FROM sampled_occurrences WHERE (project_id, id) IN ' +
    '(SELECT project_id, id FROM sampled_occurrences WHERE project_id = ? AND issue_id = ? LIMIT ?)',
  'DELETE FROM issue_regressions WHERE (project_id, release, issue_id, at) IN ' +
    '(SELECT project_id, release, issue_id, at FROM issue_regressions WHERE project_id = ? AND issue_id = ? LIMIT ?)',
  'DELETE FROM issue_activity WHERE (project_id, issue_id, id) IN ' +
    '(SELECT project_id, issue_id, id FROM issue_activity WHERE project_id = ? AND issue_id = ? LIMIT ?)',
  'DELETE FROM issue_comments WHERE (project_id, issue_id, id) IN ' +
    '(SELECT project_id, issue_id, id FROM issue_comments WHERE project_id = ? AND issue_id = ? LIMIT ?)',
];
// Keyed by issue alone: take (issue_id) then the slice size.
const ISSUE_SLICES = [
  'DELETE FROM issue_tags WHERE (issue_id, key, value) IN (SELECT issue_id, key, value FROM issue_tags WHERE issue_id = ? LIMIT ?)',
  'DELETE FROM issue_users WHERE (issue_id, user_key) IN (SELECT issue_id, user_key FROM issue_users WHERE issue_id = ? LIMIT ?)',
  'DELETE FROM issue_hourly_counts WHERE (issue_id, hour) IN (SELECT issue_id, hour FROM issue_hourly_counts WHERE issue_id = ? LIMIT ?)',
];

/**
 * The issue-delete operations of a SQL store; deleting an issue ends its silences (and so
 * changes what `silences` holds).
 * @example await issueDeleteSql(ctx, silences).deleteIssue(issueId, { discard: true })
 */
export function issueDeleteSql(ctx: SqlContext, silences: SilencesCache) {
  const purge = async (projectId: ProjectId, issueId: IssueId, signal?: AbortSignal) => {
    for (const sql of SLICES) await deleteInSlices(ctx, sql, [projectId, issueId], signal);
    for (const sql of ISSUE_SLICES) await deleteInSlices(ctx, sql, [issueId], signal);
    signal?.throwIfAborted();
    const silenced = await ctx.transaction(async (exec) => {
      const n = await exec.run('DELETE FROM alert_silences WHERE issue_id = ?', [issueId]);
      await exec.run('DELETE FROM issues WHERE id = ? AND deleted_at IS NOT NULL', [issueId]);
      return n;
    });
    if (silenced > 0) silences.invalidate();
  };
  return {
    /** Deletes an issue and everything recorded of it; false when there is none (or it is being deleted). */
    async deleteIssue(id: IssueId, options: IssueDeleteOptions = {}): Promise<boolean> {
      const now = options.now ?? Date.now();
      const projectId = await ctx.transaction(async (exec) => {
        const row = await exec.get<Row>(
          `SELECT project_id, fingerprint FROM issues WHERE id = ? AND deleted_at IS NULL${exec.dialect.forUpdate}`,
          [id],
        );
        if (row === undefined) return undefined;
        if (options.discard === true)
          await exec.run(
            'INSERT INTO discarded_fingerprints (project_id, fingerprint, issue_id, discarded_at) VALUES (?, ?, ?, ?) ' +
              'ON CONFLICT (project_id, fingerprint) DO NOTHING',
            [row.project_id, row.fingerprint, id, now],
          );
        await exec.run('UPDATE issues SET deleted_at = ?, fingerprint = ? WHERE id = ?', [
          now,
          `deleted:${id}`,
          id,
        ]);
        return Number(row.project_id) as ProjectId;
      });
      if (projectId === undefined) return false;
      await purge(projectId, id);
      return true;
    },
    /** Finishes the deletes a crash or a store failure interrupted; resolves to how many. */
    async purgeDeletedIssues(signal?: AbortSignal): Promise<number> {
      const rows = await ctx.read.all<Row>('SELECT id, project_id FROM issues WHERE deleted_at IS NOT NULL');
      for (const r of rows) await purge(Number(r.project_id) as ProjectId, Number(r.id) as IssueId, signal);
      return rows.length;
    },
  };
}
