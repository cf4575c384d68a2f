/** The evaluation log, and the pruning of everything alerts keep (ALERT_LOG_KEEP_MS). */

import { MAX_STORE_PAGE_SIZE } from '../../limits.js';
import type { AlertEvaluationQuery } from '../alert-records.js';
import { toAlertEvaluation } from './alert-rows.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';
import { deleteInSlices } from './sliced-delete.js';

const OLD_EVALUATIONS =
  'DELETE FROM alert_evaluations WHERE id IN (SELECT id FROM alert_evaluations WHERE at < ? LIMIT ?)';
// A pending notification stays, however old: it is still owed. Its attempts go with it (CASCADE).
const OLD_NOTIFICATIONS =
  "DELETE FROM alert_outbox WHERE id IN (SELECT id FROM alert_outbox WHERE updated_at < ? AND state <> 'pending' LIMIT ?)";
// An open incident stays, however old: it is still firing.
const OLD_INCIDENTS =
  "DELETE FROM alert_incidents WHERE id IN (SELECT id FROM alert_incidents WHERE resolved_at < ? AND state = 'resolved' LIMIT ?)";
const OLD_STATES =
  'DELETE FROM alert_throttle WHERE (rule_id, subject) IN (SELECT rule_id, subject FROM alert_throttle WHERE last_at < ? LIMIT ?)';

/** The evaluation-log operations of a SQL store. */
export function alertLogSql(ctx: SqlContext) {
  return {
    async listAlertEvaluations(q: AlertEvaluationQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.ruleId !== undefined) {
        where.push('rule_id = ?');
        params.push(q.ruleId);
      }
      if (q.subject !== undefined) {
        where.push('subject = ?');
        params.push(q.subject);
      }
      if (q.before !== undefined) {
        where.push('id < ?');
        params.push(q.before);
      }
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM alert_evaluations${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
        [...params, Math.min(q.limit, MAX_STORE_PAGE_SIZE)],
      );
      return rows.map(toAlertEvaluation);
    },
    async pruneAlertLog(olderThan: number) {
      return (
        (await deleteInSlices(ctx, OLD_EVALUATIONS, [olderThan])) +
        (await deleteInSlices(ctx, OLD_NOTIFICATIONS, [olderThan])) +
        (await deleteInSlices(ctx, OLD_STATES, [olderThan])) +
        (await deleteInSlices(ctx, OLD_INCIDENTS, [olderThan]))
      );
    },
  };
}
