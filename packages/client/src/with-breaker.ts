/**
 * The per-origin circuit breaker around each attempt. It sits inside the retry loop, so
 * every attempt (a retry too) is admitted and counted, and a retry never goes to an origin
 * the breaker has just opened (cockatiel #83, #107: retry outside, breaker inside).
 */

import { circuitOpen } from './circuit-open-error.js';
import { breakerOutcome } from './classify-failure.js';
import type { ClientContext } from './context.js';
import type { Wrapper } from './types.js';

/**
 * Fails fast with CircuitOpenError while the origin's breaker is open.
 * @example const handler = withBreaker(ctx)(withTrace(ctx)(send));
 */
export function withBreaker(ctx: ClientContext): Wrapper {
  return (next) => async (req) => {
    const breaker = ctx.breakers?.get(req.origin);
    if (breaker === undefined) return next(req);
    const now = ctx.now();
    const before = breaker.state.kind;
    const admission = breaker.admit(now);
    ctx.noteBreaker(req.origin, before, breaker);
    if (!admission.allowed) throw circuitOpen(req, req.origin, admission.retryAt, now);
    const { ticket } = admission;
    try {
      const res = await next(req);
      const from = breaker.state.kind;
      breaker.success(ticket, ctx.now());
      ctx.noteBreaker(req.origin, from, breaker);
      return res;
    } catch (error) {
      const from = breaker.state.kind;
      const outcome = breakerOutcome(error);
      if (outcome === 'failure') breaker.failure(ticket, ctx.now());
      else if (outcome === 'success') breaker.success(ticket, ctx.now());
      else breaker.release(ticket);
      ctx.noteBreaker(req.origin, from, breaker);
      throw error;
    }
  };
}
