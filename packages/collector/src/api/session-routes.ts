/**
 * `/api/v1/session`: the dashboard's login (POST an email and password, or a token; get a
 * cookie and a CSRF token), the current session (GET, so a reloaded page finds its CSRF token
 * again) and logout (DELETE).
 * CSRF protection is a server-side token (OWASP "synchronizer token"): every state-changing
 * request authenticated by the cookie must echo it in X-Faultline-CSRF, which another site
 * cannot read or set.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  badRequest,
  forbidden,
  methodNotAllowed,
  notFound,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
} from '@faultline/core';
import type { ClientAddress } from '../http/client-address.js';
import { readJson, sendJson } from '../http/json.js';
import { PASSWORD_BUSY_RETRY_AFTER_S } from '../limits.js';
import type { Caller, TokenVerifier } from './auth.js';
import type { LoginThrottle } from './login-throttle.js';
import { PasswordChecksBusy, type PasswordLogin } from './passwords.js';
import { isHttps, sessionCookie } from './session-cookie.js';
import { type Session, type SessionOwner, type SessionStore, sameSecret } from './session-store.js';

export const SESSION_PATH = '/api/v1/session';
export const CSRF_HEADER = 'x-faultline-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionDeps {
  verify: TokenVerifier;
  /** Email + password logins (users made by `faultline user add`); absent: tokens only. */
  passwordLogin?: PasswordLogin;
  sessions: SessionStore;
  /** Failed-login delays (login-throttle.ts); absent: none. */
  throttle?: LoginThrottle;
  /** The client's address for the throttle (http/client-address.ts); default: the socket's peer. */
  clientAddress?: ClientAddress;
  /** Force the Secure attribute on or off; by default it follows X-Forwarded-Proto. */
  secureCookies?: boolean;
}

/** False when a cookie-authenticated request changes state without the session's CSRF token. */
export function passesCsrf(req: IncomingMessage, caller: Caller): boolean {
  if (caller.kind !== 'session' || SAFE_METHODS.has(req.method ?? 'GET')) return true;
  const given = req.headers[CSRF_HEADER];
  return typeof given === 'string' && sameSecret(given, caller.session.csrfToken);
}

function present(session: Session) {
  return {
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
    user: session.user ?? null,
    // The dashboard hides what this session may not do.
    scopes: session.access.scopes,
    projectId: session.access.projectId,
  };
}

type Credentials =
  | { kind: 'token'; token: string }
  | { kind: 'password'; email: string; password: string }
  | { kind: 'invalid' };

function credentialsOf(body: unknown): Credentials {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { kind: 'invalid' };
  const { token, email, password } = body as Record<string, unknown>;
  if (token !== undefined) return typeof token === 'string' ? { kind: 'token', token } : { kind: 'invalid' };
  return typeof email === 'string' && typeof password === 'string'
    ? { kind: 'password', email, password }
    : { kind: 'invalid' };
}

/** Who logged in, or undefined when refused: a password login's user (with the hash its
 * password matched), an API token (by id), or the configured admin token (neither). The session
 * row is made only while that user or token is still there (store/sql/dashboard-sessions-sql.ts). */
async function authenticate(credentials: Credentials, deps: SessionDeps): Promise<SessionOwner | undefined> {
  if (credentials.kind === 'token') {
    const verified = await deps.verify(credentials.token);
    if (verified === undefined) return undefined;
    return verified.kind === 'api' ? { tokenId: verified.id, access: verified.access } : { admin: true };
  }
  if (credentials.kind !== 'password' || !deps.passwordLogin) return undefined;
  const user = await deps.passwordLogin(credentials.email, credentials.password);
  return user === undefined ? undefined : { user };
}

/**
 * POST /api/v1/session {email, password} or {token}. Wrong email and wrong password get the
 * same answer after the same work (passwords.ts); repeated failures of one email from one address
 * wait longer and longer (login-throttle.ts). Login CSRF (a foreign form logging the victim into the
 * attacker's account) is refused twice: a form cannot send application/json without a CORS
 * preflight, and browsers mark cross-site requests with Sec-Fetch-Site.
 */
export async function login(req: IncomingMessage, res: ServerResponse, deps: SessionDeps): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw unsupportedMediaType('send {"email": "…", "password": "…"} or {"token": "…"} as application/json');
  if (req.headers['sec-fetch-site'] === 'cross-site') throw forbidden('log in from the dashboard itself');
  const credentials = credentialsOf(await readJson(req));
  if (credentials.kind === 'invalid') throw badRequest('send {"email", "password"} or {"token"} as strings');
  const email = credentials.kind === 'password' ? credentials.email : undefined;
  const address = deps.clientAddress?.(req) ?? req.socket.remoteAddress ?? '';
  const wait = (await deps.throttle?.retryAfter(email, address, Date.now())) ?? 0;
  if (wait > 0) throw tooManyRequests('too many failed logins; try again later', { retryAfter: wait });
  let signedIn: SessionOwner | undefined;
  try {
    signedIn = await authenticate(credentials, deps);
  } catch (error) {
    if (!(error instanceof PasswordChecksBusy)) throw error;
    throw tooManyRequests('too many logins at once; try again shortly', {
      retryAfter: PASSWORD_BUSY_RETRY_AFTER_S,
    });
  }
  if (signedIn === undefined) await deps.throttle?.failed(email, address, Date.now());
  else await deps.throttle?.succeeded(email, address);
  // A user removed, or given a new password, while the password was checked, or a token revoked
  // meanwhile, makes no session: the same answer as wrong credentials.
  const made = signedIn === undefined ? undefined : await deps.sessions.create(signedIn, Date.now());
  if (made === undefined)
    throw unauthorized(
      credentials.kind === 'token'
        ? 'the token is not the admin token or an API token'
        : 'wrong email or password',
    );
  const { id, session } = made;
  const maxAge = Math.floor((session.expiresAt - Date.now()) / 1000);
  sendJson(res, 201, present(session), {
    'set-cookie': sessionCookie(id, maxAge, isHttps(req, deps.secureCookies)),
  });
}

/** GET and DELETE /api/v1/session, after authentication and the CSRF check. */
export async function sessionRoute(
  req: IncomingMessage,
  res: ServerResponse,
  caller: Caller,
  deps: SessionDeps,
): Promise<void> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (caller.kind !== 'session') throw notFound('bearer callers have no session');
    return sendJson(res, 200, present(caller.session));
  }
  if (req.method !== 'DELETE') throw methodNotAllowed();
  if (caller.kind === 'session') await deps.sessions.delete(caller.id);
  res.writeHead(204, {
    'set-cookie': sessionCookie('', 0, isHttps(req, deps.secureCookies)),
    'cache-control': 'no-store',
  });
  res.end();
}
