/**
 * @faultline/client: a fetch-based client that calls REST APIs without making outages
 * worse: bounded retries with a per-origin budget, a circuit breaker, deadlines, Retry-After,
 * idempotency keys, trace propagation and typed problem errors.
 */

/** Core's one Retry-After reader (both forms), re-exported for callers of the client. */
export { parseRetryAfter } from '@faultline/core';
export { AbortedError } from './aborted-error.js';
export { type BackoffOptions, fullJitter } from './backoff.js';
export {
  type Admission,
  type BreakerState,
  type BreakerTicket,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from './circuit-breaker.js';
export { CircuitOpenError } from './circuit-open-error.js';
export { type Client, createClient } from './client.js';
export { ClientError, isClientError, type RetryHistory, type StopReason } from './client-error.js';
export { DeadlineError } from './deadline-error.js';
export * from './limits.js';
export { NetworkError } from './network-error.js';
export {
  type ClientOptions,
  IDEMPOTENT_METHODS,
  NEVER_SENT_CODES,
  RETRY_ERROR_CODES,
  RETRY_STATUSES,
  type RequestOptions,
  type RetryOptions,
} from './options.js';
export { ProblemError } from './problem-error.js';
export { IDEMPOTENCY_KEY_HEADER } from './request-init.js';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
export { TimeoutError } from './timeout-error.js';
export type { AttemptEvent, BreakerChangeEvent, ClientHooks, RetryEvent } from './types.js';
export { TIMEOUT_HEADER } from './with-trace.js';
