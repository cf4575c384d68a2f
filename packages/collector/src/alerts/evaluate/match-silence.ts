/**
 * Which silence, if any, mutes a decision (issue 14 §4). Pure, and in memory: the evaluator
 * gives it the project's cached silences. Shared by the issue rules (digest commit), the preview,
 * and the rate rules, whose subject is a route (no issue).
 */

import type { Silence } from '../silences/silence-types.js';
import type { AlertEvent } from './alert-subject.js';

/** What a decision is about, as far as silences look. */
export interface SilenceSubject {
  ruleId: number;
  issueId?: number;
  /** The issue's status now: an untilResolved silence ends when it is resolved. */
  issueStatus?: string;
  /** The event's route template and transaction (a `route` matcher may name either). */
  route?: string | null;
  transaction?: string | null;
  release?: string | null;
  environment?: string | null;
}

const RESOLVED = new Set(['resolved', 'resolved_in_next_release']);

/**
 * Whether the silence mutes at `now`: started, not ended early, before its `endsAt`, and (an
 * untilResolved one) its issue not resolved.
 * @example silenceActive(silence, Date.now(), 'unresolved') // true
 */
export function silenceActive(s: Silence, now: number, issueStatus?: string): boolean {
  if (now < s.startsAt) return false;
  if (s.endedAt !== null && s.endedAt <= now) return false;
  if (s.endsAt !== null && s.endsAt <= now) return false;
  return !(s.untilResolved && issueStatus !== undefined && RESOLVED.has(issueStatus));
}

/**
 * Whether every matcher the silence sets holds for the subject (a matcher on what the subject
 * lacks, an issue for a route, does not).
 * @example silenceMatches(silence, { ruleId: 3, issueId: 42, environment: 'production' })
 */
export function silenceMatches(s: Silence, subject: SilenceSubject): boolean {
  const m = s.matchers;
  if (m.ruleId !== undefined && m.ruleId !== subject.ruleId) return false;
  if (m.issueId !== undefined && m.issueId !== subject.issueId) return false;
  if (m.route !== undefined && m.route !== subject.route && m.route !== subject.transaction) return false;
  if (m.release !== undefined && m.release !== subject.release) return false;
  return m.environment === undefined || m.environment === subject.environment;
}

/**
 * The active silence that mutes the subject at `now` (the one that lasts longest, so the log
 * names the one that will still hold), or undefined.
 * @example const silence = matchingSilence(silences, { ruleId, issueId, route, release, environment }, now)
 */
export function matchingSilence(
  silences: readonly Silence[],
  subject: SilenceSubject,
  now: number,
): Silence | undefined {
  let found: Silence | undefined;
  for (const s of silences) {
    if (!silenceActive(s, now, subject.issueStatus) || !silenceMatches(s, subject)) continue;
    if (found === undefined || (found.endsAt !== null && (s.endsAt === null || s.endsAt > found.endsAt)))
      found = s;
  }
  return found;
}

/**
 * The subject of an issue rule's decision about an event of the issue.
 * @example matchingSilence(silences, issueSilenceSubject(rule.id, touch.issue, event), now)
 */
export function issueSilenceSubject(
  ruleId: number,
  issue: { id: number; status?: string },
  e: AlertEvent,
): SilenceSubject {
  return {
    ruleId,
    issueId: issue.id,
    ...(issue.status === undefined ? {} : { issueStatus: issue.status }),
    route: e.route,
    transaction: e.transaction,
    release: e.release,
    environment: e.environment,
  };
}
