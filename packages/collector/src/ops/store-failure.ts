/**
 * What a failed store call means for the operator. The store types the failures it understands
 * (StoreUnavailableError and its `kind`); anything else it throws, apart from our own typed
 * input errors, is a failure we cannot explain (`unknown`): a raw driver error, a failed digest,
 * a bug. All of them are store failures: counted, logged once per episode, answered 503.
 */

import {
  causeChain,
  errorMessage,
  errorTypeName,
  isFaultlineError,
  safeGet,
  truncate,
} from '@faultline/core';
import { MAX_LOGGED_CAUSE_LENGTH } from '../limits.js';
import { contentErrorReason } from '../store/content-errors.js';
import { isStoreUnavailable, type StoreUnavailableKind } from '../store/store-errors.js';

/** A StoreUnavailableError's kind, or `unknown` for an error the store did not type. */
export type StoreFailureKind = StoreUnavailableKind | 'unknown';

/**
 * Every kind, in the order /metrics lists them (each is exported from the start, at 0).
 * @example for (const kind of STORE_FAILURE_KINDS) counter.inc({ kind }, 0);
 */
export const STORE_FAILURE_KINDS: readonly StoreFailureKind[] = [
  'connection',
  'timeout',
  'locked',
  'disk',
  'closed',
  'unknown',
];

/**
 * The kind of a failed store call, or undefined when the error is about the caller's input
 * (a bad cursor is a ParseError, too many tag filters a LimitExceededError, a batch whose own
 * data the store refused): that is answered 4xx and says nothing about the store. A call that takes no input from a caller (a commit,
 * retention) has no such errors: `inputless` makes every error of it a failure.
 * @example storeFailureKind(new StoreUnavailableError('disk', 'disk full')) // 'disk'
 */
export function storeFailureKind(error: unknown, inputless = false): StoreFailureKind | undefined {
  if (isStoreUnavailable(error)) return error.kind;
  // The store refused one batch's data (ingest bisects the group and answers that request
  // 400): the store itself is fine, and its message may quote the data, so it is not logged.
  if (contentErrorReason(error) !== undefined) return undefined;
  if (isFaultlineError(error) && !inputless) return undefined;
  return 'unknown';
}

/**
 * The error and its causes on one line, outermost first: `Name [code]: message ← …`.
 * @example causeLine(new Error('commit failed', { cause: enospc })) // 'Error: commit failed ← Error [ENOSPC]: …'
 */
export function causeLine(error: unknown): string {
  const parts = causeChain(error).map((e) => {
    const code = safeGet(e, 'code');
    const tag = typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : '';
    return `${errorTypeName(e)}${tag}: ${errorMessage(e)}`.replace(/\s+/g, ' ');
  });
  return truncate(parts.join(' ← '), MAX_LOGGED_CAUSE_LENGTH);
}
