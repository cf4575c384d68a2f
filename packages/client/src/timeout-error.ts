/**
 * One attempt took longer than the per-attempt timeout, which covers the response headers
 * and the body (a timer cleared at headers leaves `.json()` unbounded: anchors §2 pitfalls,
 * workos-node #1679).
 */

import { ClientError } from './client-error.js';

/**
 * Thrown when an attempt outlives `timeout`; retried like a network error on idempotent requests.
 * @example
 * catch (e) { if (e instanceof TimeoutError) console.log(`no answer within ${e.timeoutMs} ms`); }
 */
export class TimeoutError extends ClientError {
  readonly timeoutMs: number;

  constructor(request: { method: string; url: string }, timeoutMs: number) {
    super('FL_TIMEOUT', `${request.method} ${request.url}: attempt timed out after ${timeoutMs} ms`, request);
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}
