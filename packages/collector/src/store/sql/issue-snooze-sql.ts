/**
 * The snooze job's write (issue 19 §2): timed snoozes whose time has passed come back, even when
 * no event arrives to wake them in digest. One UPDATE, idempotent: two collectors running it at
 * once on PostgreSQL wake each issue once (the second finds the row no longer matching once the
 * first commits), and the recorded time is the snooze's end, whoever wrote it.
 */

import type { IssueId, ProjectId } from '../ids.js';
import type { SqlContext } from './executor.js';
import { addActivity } from './issue-activity-sql.js';
import type { Row } from './rows.js';

const WAKE_DUE =
  "UPDATE issues SET status = 'unresolved', unignored_reason = 'time', unignored_at = snooze_threshold, " +
  'snooze_kind = NULL, snooze_value = NULL, snooze_threshold = NULL, snoozed_at = NULL ' +
  "WHERE snooze_kind = 'minutes' AND snooze_threshold <= ? AND status = 'ignored' AND deleted_at IS NULL " +
  'RETURNING id, project_id, unignored_at';

/**
 * The snooze operation of a SQL store.
 * @example const woken = await snoozeSql(ctx).wakeSnoozedIssues(Date.now())
 */
export function snoozeSql(ctx: SqlContext) {
  return {
    /** Wakes the issues whose timed snooze ended by `now` (ms); resolves to how many. */
    wakeSnoozedIssues(now: number): Promise<number> {
      return ctx.transaction(async (exec) => {
        const woken = await exec.all<Row>(WAKE_DUE, [now]);
        // In the wake's transaction, one statement for all: the history never misses a wake.
        await addActivity(
          exec,
          woken.map((r) => ({
            projectId: Number(r.project_id) as ProjectId,
            issueId: Number(r.id) as IssueId,
            kind: 'woken' as const,
            actor: null,
            data: { reason: 'time' },
            at: Number(r.unignored_at),
          })),
        );
        return woken.length;
      });
    },
  };
}
