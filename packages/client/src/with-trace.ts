/**
 * Per-attempt headers: a `traceparent` with a new span id for each attempt (W3C Trace
 * Context; the trace id stays the logical request's), and the time the server has left, so
 * it can stop early instead of finishing work nobody waits for. Calls `onAttempt`.
 */

import { generateSpanId } from '@faultline/core';
import type { ClientContext } from './context.js';
import { callHook, type Wrapper } from './types.js';

/**
 * The header carrying the milliseconds this attempt may still take: the smaller of the
 * attempt timeout and the overall deadline. Relative, like gRPC's `grpc-timeout` and Envoy's
 * `x-envoy-expected-rq-timeout-ms`, so clock skew between hosts does not matter.
 */
export const TIMEOUT_HEADER = 'x-faultline-timeout-ms';

/**
 * Adds trace and timeout headers to each attempt.
 * @example const handler = withTrace(ctx)(withTimeout(send));
 */
export function withTrace(ctx: ClientContext): Wrapper {
  return (next) => (req) => {
    // The ids were validated (or generated) once per logical request; formatTraceparent()
    // would re-check them on every attempt.
    const traceparent = `00-${req.traceId}-${generateSpanId()}-${req.traceFlags < 16 ? '0' : ''}${req.traceFlags.toString(16)}`;
    const left = Math.min(req.timeoutMs, req.deadlineAt - performance.now());
    // Attempts run one after another and fetch copies the headers when it is called, so the
    // request's own header object is updated in place rather than copied per attempt.
    const headers = req.headers;
    headers.traceparent = traceparent;
    headers[TIMEOUT_HEADER] = String(Math.max(0, Math.floor(left)));
    callHook(ctx.hooks.onAttempt, {
      method: req.method,
      url: req.url,
      attempt: req.attempt,
      requestId: req.requestId,
      traceparent,
    });
    return next(req);
  };
}
