/**
 * The base of every error @faultline/client throws. Besides core's `code`/`name`/`cause` and
 * brand (house style 5) it carries what the caller needs to say why the call failed: the
 * request, the retry history (attempts, the waits between them, why each retry happened)
 * and why retrying stopped.
 */

import { FaultlineError, type FaultlineErrorCode, isFaultlineError } from '@faultline/core';

/** Why the retry loop stopped retrying. */
export type StopReason =
  | 'succeeded'
  | 'not-retryable'
  | 'not-idempotent'
  | 'server-said-no'
  | 'max-attempts'
  | 'budget'
  | 'deadline'
  | 'retry-after-too-long'
  | 'circuit-open'
  | 'aborted'
  | 'body-not-replayable';

/** What happened before the error was thrown. */
export interface RetryHistory {
  /** Attempts sent (0 when the breaker or an abort stopped the first one). */
  attempts: number;
  /** Milliseconds waited before each retry, in order. */
  delays: number[];
  /** Why each retry happened, e.g. `'status 503'`, `'ECONNREFUSED'`, `'timeout'`. */
  reasons: string[];
  /** Why the last failure was not retried. */
  stop: StopReason | undefined;
  /**
   * The span id each sent attempt carried in its `traceparent`, in order. A server that
   * reports the failure lists them, so the collector can link the called service's errors
   * (whose parent span is one of these) under the caller's in the trace tree.
   */
  spanIds: string[];
}

/**
 * Base class of the client's errors; check with `isFaultlineError(e)` and `e.code`.
 * @example
 * try { await api.get('/users/1') } catch (e) {
 *   if (isClientError(e)) console.log(e.code, e.attempts, e.reasons, e.stop);
 * }
 */
export class ClientError extends FaultlineError implements RetryHistory {
  readonly method: string;
  readonly url: string;
  attempts = 0;
  delays: number[] = [];
  reasons: string[] = [];
  stop: StopReason | undefined = undefined;
  spanIds: string[] = [];
  /** True when the retry budget (per origin) refused a retry that was otherwise allowed. */
  budgetExhausted = false;
  /** For a deadline or an abort that came after failed attempts: the last of those failures. */
  lastFailure: unknown = undefined;

  constructor(
    code: FaultlineErrorCode,
    message: string,
    request: { method: string; url: string },
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'ClientError';
    this.method = request.method;
    this.url = request.url;
  }

  /** Sets why retrying stopped (for errors raised before any attempt). */
  withStop(stop: StopReason): this {
    this.stop = stop;
    return this;
  }

  /** Copies a retry history onto this error (the retry wrapper does this before rethrowing). */
  withHistory(history: RetryHistory, budgetExhausted: boolean): this {
    this.attempts = history.attempts;
    this.delays = [...history.delays];
    this.reasons = [...history.reasons];
    this.stop = history.stop;
    this.spanIds = [...history.spanIds];
    this.budgetExhausted = budgetExhausted;
    return this;
  }
}

const CLIENT_CODES = new Set([
  'FL_PROBLEM',
  'FL_NETWORK',
  'FL_TIMEOUT',
  'FL_DEADLINE',
  'FL_ABORTED',
  'FL_CIRCUIT_OPEN',
]);

/**
 * True for any error thrown by @faultline/client, even from another copy of the package
 * (it checks core's `Symbol.for` brand and the code, never `instanceof`).
 * @example if (isClientError(e) && e.budgetExhausted) metrics.increment('retry_budget_exhausted');
 */
export function isClientError(value: unknown): value is ClientError {
  return isFaultlineError(value) && CLIENT_CODES.has(value.code);
}

/** Builds an error without capturing a stack: for high-volume expected failures (house style 5). */
export function withoutStack<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
