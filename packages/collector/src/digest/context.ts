/**
 * What links an event to the outside world: the request id a caller saw, the trace it belongs
 * to, the service that sent it, and the user it affected.
 */

import type { SentryEvent } from '@faultline/core';
import { MAX_NAME_LENGTH, MAX_STORED_REQUEST_ID_LENGTH, MAX_USER_KEY_LENGTH } from '../limits.js';
import { field, hexId, obj, text } from './read.js';
import { type TagPair, tagValue } from './tags.js';

/**
 * The request id, first found of: tag `request_id` (Faultline's reporter puts the incident id
 * there), tag `requestId`, `extra.requestId`, `extra.request_id`, then the request's
 * `X-Request-Id` header (Sentry SDKs send request headers; a proxy-assigned id lands there).
 * Sentry SDKs set none of the first four themselves.
 * @example requestIdOf(event, eventTags(event))
 */
export function requestIdOf(event: SentryEvent, tags: readonly TagPair[]): string | null {
  const extra = obj(event, 'extra');
  const candidates = [
    tagValue(tags, 'request_id'),
    tagValue(tags, 'requestId'),
    extra?.requestId,
    extra?.request_id,
    headerValue(obj(event, 'request')?.headers, 'x-request-id'),
  ];
  for (const candidate of candidates) {
    const id = text(candidate, MAX_STORED_REQUEST_ID_LENGTH + 1);
    if (id !== undefined && id.length <= MAX_STORED_REQUEST_ID_LENGTH) return id;
  }
  return null;
}

/** A header from `request.headers`: an object or a list of pairs, names case-insensitive (§4.4). */
function headerValue(headers: unknown, name: string): unknown {
  const entries: unknown[] = Array.isArray(headers)
    ? headers
    : typeof headers === 'object' && headers !== null
      ? Object.entries(headers)
      : [];
  for (const entry of entries) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[0].toLowerCase() === name)
      return entry[1];
  }
  return undefined;
}

export interface TraceIds {
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
}

/**
 * Trace ids from `contexts.trace` (sentry-protocol.md §4.5), the trace id else from the
 * envelope's Dynamic Sampling Context. Malformed ids are dropped, not stored.
 * @example traceOf(event, ingestEvent.dsc)
 */
export function traceOf(event: SentryEvent, dsc: Record<string, unknown> | undefined): TraceIds {
  const trace = obj(obj(event, 'contexts'), 'trace');
  return {
    traceId: hexId(trace?.trace_id, 32) ?? hexId(dsc?.trace_id, 32) ?? null,
    spanId: hexId(trace?.span_id, 16) ?? null,
    parentSpanId: hexId(trace?.parent_span_id, 16) ?? null,
  };
}

/**
 * The sending service: tag `service` (Faultline's reporter), else `server_name`.
 * @example serviceOf(event, tags) // 'billing-api'
 */
export function serviceOf(event: SentryEvent, tags: readonly TagPair[]): string | null {
  return tagValue(tags, 'service') ?? field(event, 'server_name', MAX_NAME_LENGTH) ?? null;
}

/**
 * The key users-affected counts distinct: `user.id`, else email, else username, else IP
 * (`{{auto}}` is a placeholder ingest should have replaced, so it identifies no one).
 * @example userKeyOf({ user: { email: 'a@b.c' } }) // 'a@b.c'
 */
export function userKeyOf(event: SentryEvent): string | null {
  const user = obj(event, 'user');
  if (user === undefined) return null;
  for (const key of ['id', 'email', 'username', 'ip_address']) {
    const value = text(user[key], MAX_USER_KEY_LENGTH);
    if (value !== undefined && value !== '{{auto}}') return value;
  }
  return null;
}
