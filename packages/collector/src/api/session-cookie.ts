/**
 * The dashboard's session cookie (RFC 6265bis): HttpOnly so page scripts never see it,
 * SameSite=Lax so other sites' sub-requests do not carry it, Secure when the dashboard is
 * reached over https. Road not taken: the `__Host-` prefix needs Secure, which a plain-http
 * localhost collector cannot set.
 */

import type { IncomingMessage } from 'node:http';
import { SESSION_SECRET_BYTES } from '../limits.js';

export const SESSION_COOKIE = 'faultline_session';
/** Only the API reads the cookie; static files never need it. */
const COOKIE_PATH = '/api/v1';
/** base64url of SESSION_SECRET_BYTES bytes, nothing else is ours. */
const SESSION_ID = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((SESSION_SECRET_BYTES * 4) / 3)}}$`);

/** The session id from the Cookie header, when it has the shape of one of ours. */
export function sessionIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (SESSION_ID.test(value)) return value;
  }
  return undefined;
}

/**
 * Secure when the collector is configured so, or a TLS-terminating proxy says the browser came
 * over https. Trusting the header can only make the cookie stricter, never looser.
 */
export function isHttps(req: IncomingMessage, secureCookies: boolean | undefined): boolean {
  if (secureCookies !== undefined) return secureCookies;
  const proto = req.headers['x-forwarded-proto'];
  return typeof proto === 'string' && proto.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Set-Cookie for a new session, or (maxAgeSeconds 0) one that clears it. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure) attributes.push('Secure');
  return [`${SESSION_COOKIE}=${value}`, ...attributes].join('; ');
}
