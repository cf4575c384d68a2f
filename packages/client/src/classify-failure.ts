/**
 * Decides what a failed attempt means, in one place for the retry and breaker wrappers:
 * may it be retried (RFC 9110 §9.2.2 idempotency, the status and error-code lists, the
 * server's own `retryable: false`), and does it count against the origin's health.
 */

import { AbortedError } from './aborted-error.js';
import { CircuitOpenError } from './circuit-open-error.js';
import type { StopReason } from './client-error.js';
import { DeadlineError } from './deadline-error.js';
import { NetworkError } from './network-error.js';
import { NEVER_SENT_CODES, type ResolvedRetry } from './options.js';
import { ProblemError } from './problem-error.js';
import { TimeoutError } from './timeout-error.js';
import type { ClientRequest } from './types.js';

const NEVER_SENT = new Set(NEVER_SENT_CODES);

/** What one failure means for the retry loop. */
export type FailureVerdict =
  | { retry: true; reason: string; retryAfterMs: number | undefined }
  | { retry: false; reason: string; stop: StopReason };

/** A short, stable description of a failure for `reasons` and logs. */
export function failureReason(error: unknown): string {
  if (error instanceof ProblemError) return `status ${error.status}`;
  if (error instanceof NetworkError) return error.errno ?? 'network error';
  if (error instanceof TimeoutError) return 'timeout';
  if (error instanceof DeadlineError) return 'deadline';
  if (error instanceof AbortedError) return 'aborted';
  if (error instanceof CircuitOpenError) return 'circuit open';
  return error instanceof Error ? error.name : 'non-error';
}

/**
 * May this failure be retried?
 * @example
 * classifyFailure(problem503, getRequest, resolveRetry(undefined)); // { retry: true, reason: 'status 503', ... }
 */
export function classifyFailure(error: unknown, req: ClientRequest, rules: ResolvedRetry): FailureVerdict {
  const reason = failureReason(error);
  const no = (stop: StopReason): FailureVerdict => ({ retry: false, reason, stop });
  if (error instanceof ProblemError) {
    if (!rules.statuses.has(error.status)) return no('not-retryable');
    if (error.retryable === false) return no('server-said-no');
    if (!req.idempotent) return no('not-idempotent');
    return { retry: true, reason, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof NetworkError) {
    if (error.errno === undefined || !rules.errorCodes.has(error.errno)) return no('not-retryable');
    if (!req.idempotent && !NEVER_SENT.has(error.errno)) return no('not-idempotent');
    return { retry: true, reason, retryAfterMs: undefined };
  }
  if (error instanceof TimeoutError) {
    if (!rules.onTimeout) return no('not-retryable');
    if (!req.idempotent) return no('not-idempotent');
    return { retry: true, reason, retryAfterMs: undefined };
  }
  if (error instanceof DeadlineError) return no('deadline');
  if (error instanceof AbortedError) return no('aborted');
  if (error instanceof CircuitOpenError) return no('circuit-open');
  return no('not-retryable');
}

/**
 * How a finished attempt counts for the breaker: the server failed, it answered (a 4xx is
 * a healthy server saying no; anchors §2.4), or there is no verdict (the caller gave up).
 * @example breakerOutcome(new TimeoutError(req, 1000)); // 'failure'
 */
export function breakerOutcome(error: unknown): 'failure' | 'success' | 'none' {
  if (error instanceof ProblemError)
    return error.status >= 500 || error.status === 408 ? 'failure' : 'success';
  if (error instanceof NetworkError || error instanceof TimeoutError) return 'failure';
  return 'none';
}
