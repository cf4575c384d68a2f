/**
 * How a store says it cannot answer now, as opposed to a bug or bad data. Callers answer
 * 503 with Retry-After for it (ingest and the read API alike), log it once per episode and
 * count it by `kind`; everything else a store throws is either a content error of one
 * batch (ingest bisects its group commit to find it) or a bug (500).
 */

import { FaultlineError, isFaultlineError } from '@faultline/core';
import { DEFAULT_STORE_RETRY_AFTER_S } from '../limits.js';

/** Why the store cannot answer: each is logged, counted and shown on /health by this name. */
export type StoreUnavailableKind =
  /** The database refused or dropped the connection (restart, crash, network). */
  | 'connection'
  /** A connect, statement or lock wait passed its timeout (a frozen or overloaded database). */
  | 'timeout'
  /** Another process holds the database's write lock (SQLite). */
  | 'locked'
  /** The disk is full or read-only. */
  | 'disk'
  /** The store is closed or shutting down. */
  | 'closed';

/**
 * The store is unavailable for a while; the request may be retried after `retryAfterS`.
 * @example throw new StoreUnavailableError('timeout', 'PostgreSQL statement timed out after 5000 ms', { cause })
 */
export class StoreUnavailableError extends FaultlineError {
  readonly kind: StoreUnavailableKind;
  readonly retryAfterS: number;

  constructor(
    kind: StoreUnavailableKind,
    message: string,
    options: { cause?: unknown; retryAfterS?: number } = {},
  ) {
    super(
      'FL_STORE_UNAVAILABLE',
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'StoreUnavailableError';
    this.kind = kind;
    this.retryAfterS = options.retryAfterS ?? DEFAULT_STORE_RETRY_AFTER_S;
  }
}

/**
 * True for a StoreUnavailableError from any copy of the package (brand plus code).
 * @example if (isStoreUnavailable(error)) answer503(error.retryAfterS)
 */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return isFaultlineError(error) && error.code === 'FL_STORE_UNAVAILABLE';
}
