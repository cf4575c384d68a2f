/**
 * What a rule evaluates in the digest commit: an issue the commit touched, with the commit's
 * events of it. Digest builds these from its own run (digest/alert-touches.ts); the evaluator
 * reads nothing else of digest.
 */

import type { IssueRecord } from '../../store/records.js';

/** The fields of an event that filters test and notifications show. */
export interface AlertEvent {
  eventId: string;
  /** When it happened (ms). */
  timestamp: number;
  level: string;
  environment: string;
  release: string | null;
  /** The transaction name, `GET /users/:id` for a `@faultline/server` event. */
  transaction: string | null;
  /** Tag `route`: the route template `@faultline/server` matched. */
  route: string | null;
  /** Tag `category`: the cause category `@faultline/server` classified. */
  category: string | null;
  tags: readonly (readonly [string, string])[];
  /** The incident id a caller saw (a Faultline 500's `instance`). */
  requestId: string | null;
  traceId: string | null;
  service: string | null;
}

/** An issue as the commit leaves it, and the commit's events of it, oldest first. */
export interface IssueTouch {
  issue: IssueRecord;
  events: readonly AlertEvent[];
  /** The commit created the issue (its first event). */
  isNew: boolean;
  /** An event of the commit reopened the resolved issue. */
  regressed: boolean;
}

/**
 * The subject key of an issue: the action interval, the evaluation log and PagerDuty's dedup key
 * are per (rule, subject).
 * @example issueSubject(42) // 'issue:42'
 */
export function issueSubject(issueId: number): string {
  return `issue:${issueId}`;
}
