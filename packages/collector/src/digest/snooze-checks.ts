/**
 * The snooze conditions digest checks in the commit that counts an issue's events (the same
 * transaction, so a woken issue and the events that woke it are written together): count and
 * time per event, in event order; users once the run's users are counted; escalation on the
 * hourly counts, including the run's own.
 */

import { HOUR_MS } from '@faultline/core';
import { ESCALATION_BASELINE_HOURS } from '../limits.js';
import { hourOf } from '../store/hours.js';
import type { IssueId } from '../store/ids.js';
import type { IssueRecord, UnignoredReason } from '../store/records.js';
import type { DigestContext } from './digest-context.js';
import { escalates, isSnoozed, wake, wakeReason } from './snooze-wake.js';

/** Wakes the issue and records why in its history, written with the run's other activity. */
function wakeRecorded(ctx: DigestContext, issue: IssueRecord, reason: UnignoredReason, at: number): void {
  wake(issue, reason, at);
  ctx.activity.push({
    projectId: issue.projectId,
    issueId: issue.id,
    kind: 'woken',
    actor: null,
    data: { reason },
    at,
  });
}

/**
 * After one event was counted on `issue`: wakes it when its count or time condition is met.
 * @example checkSnoozeAfterEvent(ctx, issue, now)
 */
export function checkSnoozeAfterEvent(ctx: DigestContext, issue: IssueRecord, now: number): void {
  if (!isSnoozed(issue) || 'users' in issue.snooze.condition) return;
  const reason = wakeReason(issue.snooze, { count: issue.count, usersAffected: issue.usersAffected, now });
  // A timed snooze came back when its time passed, not when the next event happened to arrive.
  if (reason !== null)
    wakeRecorded(ctx, issue, reason, reason === 'time' ? (issue.snooze.threshold ?? now) : now);
}

/**
 * After the run's users were counted: wakes the touched issues whose user condition is met.
 * @example checkSnoozedUsers(ctx, now)
 */
export function checkSnoozedUsers(ctx: DigestContext, now: number): void {
  for (const { issue } of ctx.touched.values()) {
    if (!isSnoozed(issue) || !('users' in issue.snooze.condition)) continue;
    const reason = wakeReason(issue.snooze, { count: issue.count, usersAffected: issue.usersAffected, now });
    if (reason !== null) wakeRecorded(ctx, issue, reason, now);
  }
}

/**
 * Wakes the touched issues snoozed until they escalate whose current hour (stored counts plus
 * this run's) escalates; one query for all of them.
 * @example await checkEscalations(ctx, now)
 */
export async function checkEscalations(ctx: DigestContext, now: number): Promise<void> {
  const candidates: IssueRecord[] = [];
  for (const { issue } of ctx.touched.values())
    if (isSnoozed(issue) && 'escalating' in issue.snooze.condition) candidates.push(issue);
  if (candidates.length === 0) return;
  const hour = hourOf(now);
  const from = hour - ESCALATION_BASELINE_HOURS * HOUR_MS;
  const stored = await ctx.tx.issueHourTotals(
    candidates.map((i) => i.id),
    { hour, from },
  );
  const pending = new Map<IssueId, { current: number; baseline: number }>();
  for (const c of ctx.hourlyCounts.sorted()) {
    const totals = pending.get(c.issueId) ?? { current: 0, baseline: 0 };
    if (c.hour === hour) totals.current += c.count;
    else if (c.hour >= from && c.hour < hour) totals.baseline += c.count;
    pending.set(c.issueId, totals);
  }
  for (const issue of candidates) {
    const a = stored.get(issue.id) ?? { current: 0, baseline: 0 };
    const b = pending.get(issue.id) ?? { current: 0, baseline: 0 };
    if (escalates(a.current + b.current, a.baseline + b.baseline))
      wakeRecorded(ctx, issue, 'escalating', now);
  }
}
