/**
 * Which id the caller will see. An incoming X-Request-Id is honoured only when it is short
 * and of a safe charset (a 10 KB or header-injecting id is never echoed); else the trace id
 * of a valid incoming traceparent; else a new UUID.
 */

import { randomUUID } from 'node:crypto';
import { MAX_REQUEST_ID_LENGTH, parseTraceparent, type Traceparent } from '@faultline/core';

// Letters, digits and a few separators used by proxies and tracers (UUIDs, ULIDs, Heroku,
// AWS `Root=1-...`). No spaces, quotes, commas or control characters.
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+=\-/]*$/;

/** The header reader every adapter provides. Names are lower-case. */
export type HeaderGetter = (name: string) => string | string[] | undefined;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isSafeRequestId(id: string): boolean {
  return id.length <= MAX_REQUEST_ID_LENGTH && SAFE_REQUEST_ID.test(id);
}

export interface IncomingIds {
  requestId: string;
  /** The caller's trace context, when it sent a valid traceparent. */
  traceparent: Traceparent | null;
  tracestate: string | undefined;
}

export function resolveIds(getHeader: HeaderGetter): IncomingIds {
  const tpHeader = single(getHeader('traceparent'));
  const traceparent = tpHeader === undefined ? null : parseTraceparent(tpHeader);
  const tracestate = traceparent ? single(getHeader('tracestate')) : undefined;
  const incoming = single(getHeader('x-request-id'));
  const requestId =
    incoming !== undefined && isSafeRequestId(incoming) ? incoming : (traceparent?.traceId ?? randomUUID());
  return { requestId, traceparent, tracestate };
}
