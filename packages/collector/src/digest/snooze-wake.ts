/**
 * When a snoozed issue comes back by itself (issue 19 §2). Pure: digest and the snooze job give
 * the issue's counts and the clock. An issue ignored with a condition returns to `unresolved`
 * when its time has passed (`minutes`), its event count or distinct-user count reached the
 * threshold stored at the snooze (`count`, `users`: N more than it had then), or its rate
 * escalated (`escalates`). Plain "ignored" (no condition) stays ignored.
 */

import { ESCALATION_BASELINE_HOURS, ESCALATION_FACTOR, ESCALATION_MIN_EVENTS } from '../limits.js';
import type { IssueRecord, IssueSnooze, UnignoredReason } from '../store/records.js';

/**
 * The reason a snooze's event- or time-driven condition is met now, or null; `escalating` is
 * judged by `escalates` on hourly counts.
 * @example wakeReason({ condition: { count: 10 }, since: 0, threshold: 15 }, { count: 15, usersAffected: 0, now: 1 }) // 'count'
 */
export function wakeReason(
  snooze: IssueSnooze,
  state: { count: number; usersAffected: number; now: number },
): UnignoredReason | null {
  const { condition, threshold } = snooze;
  if (threshold === null) return null;
  if ('minutes' in condition) return state.now >= threshold ? 'time' : null;
  if ('count' in condition) return state.count >= threshold ? 'count' : null;
  if ('users' in condition) return state.usersAffected >= threshold ? 'users' : null;
  return null;
}

/**
 * Escalating: the current UTC hour's events exceed ESCALATION_FACTOR × the mean hourly count of
 * the ESCALATION_BASELINE_HOURS before it, and are at least ESCALATION_MIN_EVENTS.
 * @example escalates(60, 168) // true: 60 ≥ 10 and 60 > 5 × 1
 */
export function escalates(currentHour: number, baselineTotal: number): boolean {
  const mean = baselineTotal / ESCALATION_BASELINE_HOURS;
  return currentHour >= ESCALATION_MIN_EVENTS && currentHour > ESCALATION_FACTOR * mean;
}

/**
 * Brings an ignored issue back (in memory; digest writes it): unresolved, its snooze ended, and
 * why it came back recorded.
 * @example wake(issue, 'count', Date.now())
 */
export function wake(issue: IssueRecord, reason: UnignoredReason, at: number): void {
  issue.status = 'unresolved';
  issue.snooze = null;
  issue.unignored = { reason, at };
}

/** True while `issue` is ignored with a condition that can still bring it back. */
export function isSnoozed(issue: IssueRecord): issue is IssueRecord & { snooze: IssueSnooze } {
  return issue.status === 'ignored' && issue.snooze !== null;
}
