/**
 * The delivery log as a person reads it (issue 14 §3, §5): failures first (failed, disabled,
 * then those retrying after a failed attempt), newest first within each; and attempts and
 * decisions in words. Pure.
 */

import type { AlertAttempt, AlertDelivery, AlertEvaluation } from './alert-types.js';

/** 0 reads first: given up or disabled, 1: retrying after a failure, 2: the rest. */
function failureRank(d: AlertDelivery): number {
  if (d.state === 'failed' || d.state === 'disabled') return 0;
  const last = d.attempts.at(-1);
  if (d.state === 'pending' && last !== undefined && last.outcome !== 'delivered') return 1;
  return 2;
}

/**
 * The collector lists deliveries failures first already; sorting again keeps the page's order
 * right after a redelivery changes one row in place.
 * @example deliveryLog(items)[0].state // 'failed' when any failed
 */
export function deliveryLog(items: readonly AlertDelivery[]): AlertDelivery[] {
  return [...items].sort(
    (a, b) =>
      failureRank(a) - failureRank(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id,
  );
}

/** @example attemptInWords({ status: 200, latencyMs: 12, outcome: 'delivered', … }) // 'HTTP 200 in 12 ms: delivered' */
export function attemptInWords(a: AlertAttempt): string {
  const answer = a.status === null ? 'no answer' : `HTTP ${a.status}`;
  const error = a.error ? ` (${a.error})` : '';
  return `${answer} in ${Math.round(a.latencyMs)} ms: ${a.outcome}${error}`;
}

/** What an alert was about. @example subjectInWords('issue:42') // 'issue 42' */
export function subjectInWords(subject: string): string {
  const [kind, ...rest] = subject.split(':');
  return rest.length === 0 ? subject : `${kind} ${rest.join(':')}`;
}

/** The issue an alert was about, or undefined (a test, a route). @example subjectIssue('issue:42') // 42 */
export function subjectIssue(subject: string): number | undefined {
  const m = /^issue:(\d{1,15})$/.exec(subject);
  return m ? Number(m[1]) : undefined;
}

/**
 * A decision and why; the collector's detail of a firing already starts with "fired".
 * @example evaluationInWords({ decision: 'suppressed', reason: 'throttled', detail: 'notified 2 min ago…' })
 * // 'not sent (throttled): notified 2 min ago…'
 */
export function evaluationInWords(e: Pick<AlertEvaluation, 'decision' | 'reason' | 'detail'>): string {
  if (e.decision === 'fired') return e.detail.startsWith('fired') ? e.detail : `fired: ${e.detail}`;
  return `not sent (${e.reason})${e.detail ? `: ${e.detail}` : ''}`;
}

/**
 * When each rule last fired, from the project's newest alerts (tests left out): a rule missing
 * from the map fired before them, or never.
 * @example lastFired(recent).get(rule.id) // '2026-01-02T03:04:05.000Z'
 */
export function lastFired(recent: readonly AlertDelivery[]): Map<number, string> {
  const last = new Map<number, string>();
  for (const d of recent) {
    if (d.subject === 'test' || d.alert?.type === 'alert.test') continue;
    const seen = last.get(d.ruleId);
    if (seen === undefined || Date.parse(d.createdAt) > Date.parse(seen)) last.set(d.ruleId, d.createdAt);
  }
  return last;
}
