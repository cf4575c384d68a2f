/** The alert part of the digest commit's WriteTx (store/alert-write-tx.ts), over any SqlExecutor. */

import type { AlertSubjectState, NewAlertEvaluation, NewAlertNotification } from '../alert-records.js';
import type { AlertWriteTx } from '../alert-write-tx.js';
import type { IssueId, ProjectId } from '../ids.js';
import { INSERT_NOTIFICATIONS, notificationRow } from './alert-outbox-sql.js';
import { toAlertSubjectState } from './alert-rows.js';
import type { AlertRulesCache } from './alert-rules-cache.js';
import type { AlertStateMemo } from './alert-state-memo.js';
import type { SqlExecutor } from './executor.js';
import { countIssueEvents } from './issue-event-count.js';
import { insertRows, type MultiRowInsert } from './multi-row.js';
import type { Row } from './rows.js';
import type { SilencesCache } from './silences-cache.js';

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

/** What a store shares with the alert part of each of its transactions. */
export interface AlertTxShared {
  rules: AlertRulesCache;
  silences: SilencesCache;
  memo: AlertStateMemo;
  /** Receives the states this transaction writes; the store remembers them once it commits. */
  written: AlertSubjectState[];
}

/**
 * @example const alerts = createAlertWriteTx(exec, { rules, silences, memo, written: [] }); await alerts.alertRules([projectId])
 */
export function createAlertWriteTx(exec: SqlExecutor, shared: AlertTxShared): AlertWriteTx {
  const d = exec.dialect;
  const { rules: cache, memo } = shared;
  return {
    alertRules: (projectIds: readonly ProjectId[]) => cache.rulesOf(exec, projectIds),
    silences: (projectIds: readonly ProjectId[]) => shared.silences.of(exec, projectIds),
    countIssueEvents: (issueId: IssueId, since: number, limit: number) =>
      countIssueEvents(exec, issueId, since, limit),
    async alertSubjectStates(pairs: readonly { ruleId: number; subject: string }[], options = {}) {
      const known: AlertSubjectState[] = [];
      const unknown = options.fromStore
        ? pairs
        : pairs.filter((p) => {
            const state = memo.get(p.ruleId, p.subject);
            if (state !== undefined && state !== null) known.push(state);
            return state === undefined;
          });
      if (unknown.length === 0) return known;
      // A superset (every rule × every subject asked), narrowed below.
      const rows = await exec.all<Row>(
        `SELECT * FROM alert_throttle WHERE ${d.anyOf('rule_id')} AND ${d.anyOf('subject')}`,
        [
          d.listParam([...new Set(unknown.map((p) => p.ruleId))]),
          d.listParam([...new Set(unknown.map((p) => p.subject))]),
        ],
      );
      const pairKey = (p: { ruleId: number; subject: string }) => JSON.stringify([p.ruleId, p.subject]);
      const asked = new Set(unknown.map(pairKey));
      const read = rows.map(toAlertSubjectState).filter((s) => asked.has(pairKey(s)));
      memo.remember(read);
      const stored = new Set(read.map(pairKey));
      memo.rememberAbsent(unknown.filter((p) => !stored.has(pairKey(p))));
      return [...known, ...read];
    },
    rememberedStates: (subject: string) => memo.of(subject),
    async setAlertSubjectStates(rows: readonly AlertSubjectState[]) {
      shared.written.push(...rows);
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
