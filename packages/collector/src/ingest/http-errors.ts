/**
 * Ingest's refusals: a status, a `detail` saying what was wrong, and optional headers
 * (Retry-After, X-Sentry-Rate-Limits). Relay's convention is the body `{"detail": "..."}` plus
 * the same text in `X-Sentry-Error` (sentry-protocol.md §6.2); SDKs only log it.
 */

import type { ServerResponse } from 'node:http';
import { FaultlineError, LimitExceededError, ParseError } from '@faultline/core';
import { sendJson } from '../http/json.js';
import { MAX_ERROR_HEADER_LENGTH } from '../limits.js';

export type RejectionStatus = 400 | 401 | 403 | 404 | 405 | 408 | 413 | 415 | 429 | 503;

/**
 * An ingest request refused with a precise status. Expected and frequent under attack, so it
 * captures no stack (house style 5).
 * @example throw new IngestRejection(401, 'missing authentication: no sentry_key')
 */
export class IngestRejection extends FaultlineError {
  readonly status: RejectionStatus;
  readonly headers: Record<string, string>;

  constructor(status: RejectionStatus, detail: string, headers: Record<string, string> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super('FL_INGEST_REJECTED', detail);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'IngestRejection';
    this.status = status;
    this.headers = headers;
  }
}

/** "item 3: …" unless the message already names the item (core's header errors do). */
function withItem(message: string, itemIndex: number | undefined): string {
  if (itemIndex === undefined || message.startsWith(`item ${itemIndex}`)) return message;
  return `item ${itemIndex}: ${message}`;
}

/**
 * Maps core's parse/limit errors (and anything else) to a rejection: a passed size bound is 413
 * (the message names the limits.ts constant), malformed input and too-deep JSON are 400 (nesting
 * is a shape problem, not a size; serde's recursion limit in Relay also yields 400).
 * @example toRejection(new ParseError('bad', { itemIndex: 2 })).status // 400
 */
export function toRejection(err: unknown, itemIndex?: number): IngestRejection {
  if (err instanceof IngestRejection) return err;
  if (err instanceof LimitExceededError) {
    const status = err.limit === 'MAX_JSON_DEPTH' ? 400 : 413;
    return new IngestRejection(status, withItem(err.message, itemIndex));
  }
  if (err instanceof ParseError)
    return new IngestRejection(400, withItem(err.message, err.itemIndex ?? itemIndex));
  throw err;
}

/** Header-safe text: printable ASCII only, cut to MAX_ERROR_HEADER_LENGTH. */
function headerText(detail: string): string {
  return detail.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_ERROR_HEADER_LENGTH);
}

export { sendJson };

/**
 * Writes a refusal: `{"detail": ...}`, `X-Sentry-Error`, and the rejection's own headers.
 * @example sendRejection(res, new IngestRejection(404, 'unknown project 7'))
 */
export function sendRejection(
  res: ServerResponse,
  rejection: IngestRejection,
  extra: Record<string, string> = {},
): void {
  sendJson(
    res,
    rejection.status,
    { detail: rejection.message },
    { ...extra, ...rejection.headers, 'x-sentry-error': headerText(rejection.message) },
  );
}
