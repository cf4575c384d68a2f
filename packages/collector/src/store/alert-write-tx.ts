/**
 * What digest's alert evaluation does inside the digest commit's transaction (issue 14 §3): the
 * notifications it writes commit or roll back with the events that caused them, so a crash
 * after the commit cannot lose one and a rollback cannot send one.
 */

import type { ActiveAlertRule } from '../alerts/rules/rule-types.js';
import type { Silence } from '../alerts/silences/silence-types.js';
import type { AlertSubjectState, NewAlertEvaluation, NewAlertNotification } from './alert-records.js';
import type { IssueId, ProjectId } from './ids.js';

export interface AlertWriteTx {
  /** The rules of these projects, from a per-store cache (ALERT_RULES_CACHE_TTL_MS; this
   * process's own rule changes apply at once): no query when it is fresh. For one project, the
   * same array until the cache reads the table again (the evaluator indexes it once). */
  alertRules(projectIds: readonly ProjectId[]): Promise<readonly ActiveAlertRule[]>;
  /** The silences of these projects not over when the cache last read them (SILENCES_CACHE_TTL_MS;
   * this process's own changes apply at once): no query when it is fresh. */
  silences(projectIds: readonly ProjectId[]): Promise<readonly Silence[]>;
  /** Events of the issue with a time at or after `since` (ms), counted up to `limit` (the
   * query stops there), this transaction's own included. */
  countIssueEvents(issueId: IssueId, since: number, limit: number): Promise<number>;
  /** The state of each of these (rule, subject) pairs that has one: what this process committed
   * or read before when it remembers the pair (sql/alert-state-memo.ts), else read now;
   * `fromStore` reads them all (before firing: another collector may have notified since). */
  alertSubjectStates(
    pairs: readonly { ruleId: number; subject: string }[],
    options?: { fromStore?: boolean },
  ): Promise<AlertSubjectState[]>;
  /** The subject's states, by rule id, as this process last committed or read them, without a
   * query (a rule it does not remember for the subject is missing; null: read, and none stored).
   * Trusted only to recognise a quiet decision that needs no row, as alertSubjectStates' memo is. */
  rememberedStates(subject: string): ReadonlyMap<number, AlertSubjectState | null> | undefined;
  /** Sets these states (a null `lastNotifiedAt` keeps the stored one). */
  setAlertSubjectStates(rows: readonly AlertSubjectState[]): Promise<void>;
  recordAlertEvaluations(rows: readonly NewAlertEvaluation[]): Promise<void>;
  enqueueAlertNotifications(rows: readonly NewAlertNotification[]): Promise<void>;
}
