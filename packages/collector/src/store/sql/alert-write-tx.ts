/** The alert part of the digest commit's WriteTx (store/alert-write-tx.ts), over any SqlExecutor. */

import type { AlertSubjectState, NewAlertEvaluation, NewAlertNotification } from '../alert-records.js';
import type { AlertWriteTx } from '../alert-write-tx.js';
import type { IssueId, ProjectId } from '../ids.js';
import { INSERT_NOTIFICATIONS, notificationRow } from './alert-outbox-sql.js';
import { toAlertSubjectState } from './alert-rows.js';
import type { AlertRulesCache } from './alert-rules-cache.js';
import type { SqlExecutor } from './executor.js';
import { insertRows, type MultiRowInsert } from './multi-row.js';
import type { Row } from './rows.js';

// LIMIT inside: the count stops at `limit` index entries of events_issue (issue_id, timestamp, id).
const COUNT_ISSUE_EVENTS =
  'SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE issue_id = ? AND timestamp >= ? LIMIT ?) recent';

const INSERT_EVALUATIONS: MultiRowInsert = {
  head: 'INSERT INTO alert_evaluations (rule_id, project_id, subject, at, decision, reason, detail, inputs) VALUES ',
  columns: 8,
  tail: '',
};

const UPSERT_STATES: MultiRowInsert = {
  head: 'INSERT INTO alert_throttle AS s (rule_id, subject, last_notified_at, last_reason, last_at) VALUES ',
  columns: 5,
  tail:
    ' ON CONFLICT (rule_id, subject) DO UPDATE SET last_reason = excluded.last_reason, last_at = excluded.last_at, ' +
    'last_notified_at = COALESCE(excluded.last_notified_at, s.last_notified_at)',
};

/**
 * @example const alerts = createAlertWriteTx(exec, cache); await alerts.alertRules([projectId])
 */
export function createAlertWriteTx(exec: SqlExecutor, cache: AlertRulesCache): AlertWriteTx {
  const d = exec.dialect;
  return {
    alertRules: (projectIds: readonly ProjectId[]) => cache.rulesOf(exec, projectIds),
    async countIssueEvents(issueId: IssueId, since: number, limit: number) {
      const row = await exec.get<Row>(COUNT_ISSUE_EVENTS, [issueId, since, limit]);
      return Number(row?.n ?? 0);
    },
    async alertSubjectStates(ruleIds: readonly number[], subjects: readonly string[]) {
      if (ruleIds.length === 0 || subjects.length === 0) return [];
      const rows = await exec.all<Row>(
        `SELECT * FROM alert_throttle WHERE ${d.anyOf('rule_id')} AND ${d.anyOf('subject')}`,
        [d.listParam(ruleIds), d.listParam(subjects)],
      );
      return rows.map(toAlertSubjectState);
    },
    async setAlertSubjectStates(rows: readonly AlertSubjectState[]) {
      await insertRows(
        exec,
        UPSERT_STATES,
        rows.map((s) => [s.ruleId, s.subject, s.lastNotifiedAt, s.lastReason, s.lastAt]),
      );
    },
    async recordAlertEvaluations(rows: readonly NewAlertEvaluation[]) {
      await insertRows(
        exec,
        INSERT_EVALUATIONS,
        rows.map((e) => [
          e.ruleId,
          e.projectId,
          e.subject,
          e.at,
          e.decision,
          e.reason,
          e.detail,
          JSON.stringify(e.inputs),
        ]),
      );
    },
    async enqueueAlertNotifications(rows: readonly NewAlertNotification[]) {
      await insertRows(exec, { ...INSERT_NOTIFICATIONS, returning: '' }, rows.map(notificationRow));
    },
  };
}
