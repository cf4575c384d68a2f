/**
 * Comments on an issue (issue 19 §4): plain text, each with its activity row written in the same
 * transaction; deleted by their author or an admin, which the history records too.
 */

import type { IssueId } from '../ids.js';
import type { CommentDeleteOutcome, IssueActor, IssueComment, IssueTimelineQuery } from '../team-records.js';
import type { SqlContext } from './executor.js';
import { addActivity, liveIssueProject } from './issue-activity-sql.js';
import { afterCursor, pageSize, toPage } from './page.js';
import type { Row } from './rows.js';

const toComment = (r: Row): IssueComment => ({
  id: Number(r.id),
  issueId: Number(r.issue_id) as IssueId,
  author: String(r.author),
  text: String(r.text),
  createdAt: Number(r.created_at),
});

/**
 * The comment operations of a SQL store.
 * @example await issueCommentsSql(ctx).addIssueComment(issueId, 'ops@example.com', 'looking', Date.now())
 */
export function issueCommentsSql(ctx: SqlContext) {
  return {
    /** An issue's comments, newest first; undefined when there is no such issue. */
    async listIssueComments(query: IssueTimelineQuery) {
      const projectId = await liveIssueProject(ctx.read, query.issueId);
      if (projectId === undefined) return undefined;
      const limit = pageSize(query.limit);
      const after = afterCursor('created_at', 'id', query.cursor);
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM issue_comments WHERE project_id = ? AND issue_id = ?${after ? ` AND ${after.sql}` : ''} ` +
          'ORDER BY created_at DESC, id DESC LIMIT ?',
        [projectId, query.issueId, ...(after?.params ?? []), limit + 1],
      );
      return toPage(rows, limit, toComment, (r) => ({ value: Number(r.created_at), id: Number(r.id) }));
    },
    /** Adds a comment by `author`; undefined when there is no such issue. */
    addIssueComment(issueId: IssueId, author: string, text: string, now: number) {
      return ctx.transaction(async (exec) => {
        const projectId = await liveIssueProject(exec, issueId, true);
        if (projectId === undefined) return undefined;
        const row = await exec.get<Row>(
          'INSERT INTO issue_comments (project_id, issue_id, author, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
          [projectId, issueId, author, text, now],
        );
        const comment = toComment(row as Row);
        await addActivity(exec, [
          { projectId, issueId, kind: 'comment', actor: author, data: { commentId: comment.id }, at: now },
        ]);
        return comment;
      });
    },
    /** Deletes a comment of the issue when `actor` wrote it or is an admin. */
    deleteIssueComment(
      issueId: IssueId,
      commentId: number,
      actor: IssueActor,
      now: number,
    ): Promise<CommentDeleteOutcome> {
      return ctx.transaction(async (exec) => {
        const projectId = await liveIssueProject(exec, issueId, true);
        if (projectId === undefined) return 'no-comment';
        const row = await exec.get<Row>(
          'SELECT author FROM issue_comments WHERE project_id = ? AND issue_id = ? AND id = ?',
          [projectId, issueId, commentId],
        );
        if (row === undefined) return 'no-comment';
        const author = String(row.author);
        if (!actor.admin && author !== actor.name) return 'forbidden';
        await exec.run('DELETE FROM issue_comments WHERE project_id = ? AND issue_id = ? AND id = ?', [
          projectId,
          issueId,
          commentId,
        ]);
        await addActivity(exec, [
          {
            projectId,
            issueId,
            kind: 'comment_deleted',
            actor: actor.name,
            data: { commentId, author },
            at: now,
          },
        ]);
        return 'deleted';
      });
    },
  };
}
