/**
 * The retry loop. A failed attempt is retried only when every rule agrees: the failure is
 * retryable and the request safe to repeat (classify-failure.ts), attempts remain, the wait
 * (Retry-After with jitter, else full-jitter backoff) fits `maxRetryAfter` and the deadline,
 * and the origin's budget has a token left. Otherwise the call fails with the last error,
 * carrying the retry history and the reason retrying stopped.
 */

import { AbortedError } from './aborted-error.js';
import { fullJitter } from './backoff.js';
import { classifyFailure, failureReason } from './classify-failure.js';
import { ClientError, type RetryHistory, type StopReason } from './client-error.js';
import type { ClientContext } from './context.js';
import { DeadlineError } from './deadline-error.js';
import { RETRY_AFTER_JITTER } from './limits.js';
import type { ResolvedRetry } from './options.js';
import { sleep } from './signals.js';
import { type ClientRequest, callHook, type Wrapper } from './types.js';

/**
 * Notes the span id of the attempt that just failed. The trace wrapper writes each attempt's
 * `traceparent` into the request's shared header object, so on the failure path (and only
 * there) it still holds the failed attempt's; an attempt the breaker refused sent nothing
 * and leaves the previous one, which is not noted twice.
 */
function recordSpan(history: RetryHistory, traceparent: string | undefined): void {
  const spanId = traceparent?.slice(36, 52);
  if (spanId !== undefined && spanId.length === 16 && !history.spanIds.includes(spanId))
    history.spanIds.push(spanId);
}

/** Attaches the history to the thrown error; a deadline or abort keeps the last failure too
 * (as `lastFailure`), since its `cause` is the caller's reason. */
function finish(error: unknown, history: RetryHistory, budgetExhausted: boolean, last: unknown): unknown {
  if (!(error instanceof ClientError)) return error;
  if (
    (error instanceof DeadlineError || error instanceof AbortedError) &&
    last !== undefined &&
    last !== error
  )
    error.lastFailure = last;
  return error.withHistory(history, budgetExhausted);
}

/** The wait before the next attempt, or why there is none. */
function plan(
  req: ClientRequest,
  rules: ResolvedRetry,
  ctx: ClientContext,
  attempt: number,
  retryAfterMs: number | undefined,
): { delay: number } | { stop: StopReason } {
  if (attempt >= rules.attempts) return { stop: 'max-attempts' };
  if (req.body instanceof ReadableStream) return { stop: 'body-not-replayable' };
  if (retryAfterMs !== undefined && retryAfterMs > rules.maxRetryAfterMs)
    return { stop: 'retry-after-too-long' };
  const delay =
    retryAfterMs !== undefined && retryAfterMs > 0
      ? Math.round(retryAfterMs * (1 + RETRY_AFTER_JITTER * ctx.random()))
      : fullJitter(attempt, rules.backoff, ctx.random);
  // A wait that cannot end before the deadline fails now (anchors §2 pitfalls).
  if (performance.now() + delay >= req.deadlineAt) return { stop: 'deadline' };
  return { delay };
}

/**
 * Retries failed attempts under the rules of `req.retry` and the origin's budget.
 * @example const handler = withRetry(ctx)(withBreaker(ctx)(send));
 */
export function withRetry(ctx: ClientContext): Wrapper {
  return (next) => async (req) => {
    const rules = req.retry;
    const budget = rules.attempts > 1 ? ctx.budgets?.get(req.origin) : undefined;
    budget?.recordRequest(ctx.now());
    const history: RetryHistory = { attempts: 0, delays: [], reasons: [], stop: undefined, spanIds: [] };
    let last: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        history.attempts = attempt;
        return await next(attempt === 1 ? req : { ...req, attempt });
      } catch (error) {
        recordSpan(history, req.headers.traceparent);
        const previous = last;
        last = error;
        const verdict = classifyFailure(error, req, rules);
        if (!verdict.retry && verdict.stop === 'circuit-open') history.attempts = attempt - 1;
        const step = verdict.retry ? plan(req, rules, ctx, attempt, verdict.retryAfterMs) : verdict;
        let stop = 'stop' in step ? step.stop : undefined;
        if (stop === undefined && budget !== undefined && !budget.tryRetry(ctx.now())) stop = 'budget';
        if (stop !== undefined) {
          history.stop = stop;
          throw finish(error, history, stop === 'budget', previous);
        }
        const delay = (step as { delay: number }).delay;
        history.delays.push(delay);
        history.reasons.push(failureReason(error));
        callHook(ctx.hooks.onRetry, {
          method: req.method,
          url: req.url,
          attempt,
          delayMs: delay,
          reason: failureReason(error),
          error: error as Error,
        });
      }
      try {
        await sleep(history.delays[history.delays.length - 1]!, req.signal);
      } catch (reason) {
        history.stop = 'aborted';
        throw finish(new AbortedError(req, reason), history, false, last);
      }
    }
  };
}
