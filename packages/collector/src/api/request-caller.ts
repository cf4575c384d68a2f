/**
 * Who made a read-API request, for the few records that keep it (a silence's `createdBy`): the
 * collector notes the authenticated caller; handlers read it without a new handler signature.
 */

import type { IncomingMessage } from 'node:http';
import type { Caller } from './auth.js';

const callers = new WeakMap<IncomingMessage, Caller>();

/** @example noteCaller(req, caller) // after authentication, before the route runs */
export function noteCaller(req: IncomingMessage, caller: Caller): void {
  callers.set(req, caller);
}

/**
 * The session's user (its email), `token` for a bearer token or a token login, null when the
 * request was not authenticated through the collector (a test calling a handler directly).
 * @example const createdBy = callerName(req) // 'ops@example.com'
 */
export function callerName(req: IncomingMessage): string | null {
  const caller = callers.get(req);
  if (caller === undefined) return null;
  return caller.kind === 'session' ? (caller.session.user ?? 'token') : 'token';
}
