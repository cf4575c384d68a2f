/**
 * The one place the wrappers are put together. Order, outermost first:
 *
 *   deadline  ─ the caller's AbortSignal and the overall deadline bound everything inside
 *   retry     ─ loops over attempts; waits are cancelled by the deadline's signal
 *   breaker   ─ admits or fails fast per attempt, so retries are counted and stopped too
 *   trace     ─ per-attempt traceparent (new span id) and the remaining-time header
 *   timeout   ─ per-attempt timer covering headers and body
 *   transport ─ undici dispatch (or the caller's fetch); non-2xx → ProblemError, no answer →
 *               NetworkError
 *
 * Roads not taken: a breaker outside the retry loop would let one logical request hammer an
 * origin the breaker has already given up on (cockatiel #83); a timeout outside the retry
 * loop is the overall deadline, not a per-attempt bound (got #1611).
 */

import type { ClientContext } from './context.js';
import { dispatcherTransport } from './dispatcher-transport.js';
import { fetchTransport } from './fetch-transport.js';
import type { Handler, Wrapper } from './types.js';
import { withBreaker } from './with-breaker.js';
import { withDeadline } from './with-deadline.js';
import { withRetry } from './with-retry.js';
import { withTimeout } from './with-timeout.js';
import { withTrace } from './with-trace.js';

/**
 * Applies wrappers right to left: `compose([a, b], h)` is `a(b(h))`.
 * @example const handler = compose([withDeadline, withTimeout], send);
 */
export function compose(wrappers: readonly Wrapper[], handler: Handler): Handler {
  return wrappers.reduceRight((next, wrap) => wrap(next), handler);
}

/**
 * The client's handler in the documented order.
 * @example const send = createPipeline(createContext({})); await send(req);
 */
export function createPipeline(ctx: ClientContext): Handler {
  return compose(
    [withDeadline, withRetry(ctx), withBreaker(ctx), withTrace(ctx), withTimeout],
    ctx.fetch === undefined ? dispatcherTransport(ctx.dispatcher, ctx) : fetchTransport(ctx.fetch, ctx),
  );
}
