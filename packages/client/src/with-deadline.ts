/**
 * The overall deadline and the caller's AbortSignal, outermost. It refuses to start a call
 * whose signal has already fired or whose deadline has passed. It owns no timer: each
 * attempt's single timer is armed at min(attempt timeout, deadline left) (with-timeout.ts)
 * and every wait is planned to end before the deadline (with-retry.ts), so one
 * AbortController and one timer per attempt bound both (issue 6 target C5).
 *
 * Road not taken: a deadline controller of its own, linked to each attempt's controller.
 * That is the textbook shape, but every AbortSignal listener costs ~6 µs on Node 20, which
 * alone was 3 % of a loopback call (bench/client overhead).
 */

import { AbortedError } from './aborted-error.js';
import { DeadlineError } from './deadline-error.js';
import type { Wrapper } from './types.js';

/**
 * Fails at once when the call is already cancelled or out of time.
 * @example const handler = withDeadline(withRetry(ctx)(send));
 */
export const withDeadline: Wrapper = (next) => (req) => {
  if (req.signal.aborted) return Promise.reject(new AbortedError(req, req.signal.reason).withStop('aborted'));
  if (performance.now() >= req.deadlineAt)
    return Promise.reject(new DeadlineError(req, req.deadlineMs).withStop('deadline'));
  return next(req);
};
