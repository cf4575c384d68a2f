/**
 * Assigning an issue to a dashboard user (issue 19 §4). The user is found in the assignment's
 * transaction, so a user removed meanwhile is reported, never half-assigned; the activity row
 * keeps the email as text, which outlives the user (the column goes NULL: ON DELETE SET NULL).
 */

import type { IssueId } from '../ids.js';
import type { AssignOutcome } from '../team-records.js';
import type { SqlContext } from './executor.js';
import { addActivity, liveIssueProject } from './issue-activity-sql.js';
import type { Row } from './rows.js';
import { normalizeEmail } from './users-sql.js';

/**
 * The assignment operation of a SQL store.
 * @example await issueAssignSql(ctx).assignIssue(issueId, 'dev@example.com', 'ops@example.com', Date.now())
 */
export function issueAssignSql(ctx: SqlContext) {
  return {
    /** Assigns the issue to the user with `email` (null: nobody), recorded as done by `actor`. */
    assignIssue(
      issueId: IssueId,
      email: string | null,
      actor: string | null,
      now: number,
    ): Promise<AssignOutcome> {
      return ctx.transaction(async (exec) => {
        let userId: number | null = null;
        let assignee: string | null = null;
        if (email !== null) {
          const user = await exec.get<Row>(
            `SELECT id, email FROM users WHERE email = ?${exec.dialect.forUpdate}`,
            [normalizeEmail(email)],
          );
          if (user === undefined) return 'no-user';
          userId = Number(user.id);
          assignee = String(user.email);
        }
        const projectId = await liveIssueProject(exec, issueId, true);
        if (projectId === undefined) return 'no-issue';
        await exec.run('UPDATE issues SET assignee_user_id = ? WHERE id = ?', [userId, issueId]);
        await addActivity(exec, [
          { projectId, issueId, kind: 'assigned', actor, data: { assignee }, at: now },
        ]);
        return 'assigned';
      });
    },
  };
}
