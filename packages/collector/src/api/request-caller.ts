/**
 * Who made an API request, for the few records that keep it (a silence's `createdBy`) and the
 * routes that narrow what they touch to a token's project: the collector notes the
 * authenticated caller; handlers read it without a new handler signature.
 */

import type { IncomingMessage } from 'node:http';
import { type Access, FULL_ACCESS } from './access.js';
import type { Caller } from './auth.js';

const callers = new WeakMap<IncomingMessage, Caller>();

/** @example noteCaller(req, caller) // after authentication, before the route runs */
export function noteCaller(req: IncomingMessage, caller: Caller): void {
  callers.set(req, caller);
}

/**
 * The session's user (its email), `token:<name>` for an API token (its name tells tokens apart
 * in an issue's history, and lets a token delete only its own comments), `token` for the admin
 * token or a token login, null when the request was not authenticated through the collector (a
 * test calling a handler directly).
 * @example const createdBy = callerName(req) // 'ops@example.com'
 */
export function callerName(req: IncomingMessage): string | null {
  const caller = callers.get(req);
  if (caller === undefined) return null;
  if (caller.kind === 'session') return caller.session.user ?? 'token';
  return caller.name === undefined ? 'token' : `token:${caller.name}`;
}

/**
 * The email of the user who logged in with a password, else undefined (a token, a token login).
 * @example const me = callerUser(req) // 'ops@example.com'
 */
export function callerUser(req: IncomingMessage): string | undefined {
  const caller = callers.get(req);
  return caller?.kind === 'session' ? caller.session.user : undefined;
}

/**
 * What the caller may do; everything when the request was not authenticated through the
 * collector (a test calling a handler directly).
 * @example requireProject(callerAccess(req), projectId)
 */
export function callerAccess(req: IncomingMessage): Access {
  return callers.get(req)?.access ?? FULL_ACCESS;
}
