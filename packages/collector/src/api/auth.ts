/**
 * Read-API authentication: `Authorization: Bearer <token>`, where the token is the admin
 * token (FAULTLINE_ADMIN_TOKEN, or the one generated on first start) or an API token the
 * store knows (only its hash is stored); or the dashboard's session cookie, which a token
 * typed into the login page buys (session-routes.ts). Nothing under /api/v1 is served
 * without one of them.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MAX_TOKEN_LENGTH, TOKEN_TOUCH_INTERVAL_MS } from '../limits.js';
import type { Store, TokenRecord } from '../store/index.js';
import { type Access, FULL_ACCESS } from './access.js';
import { sessionIdOf } from './session-cookie.js';
import type { Session, SessionStore } from './session-store.js';

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  // RFC 6750's b64token, and `=` inside too: Sentry's organization tokens carry padded base64.
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

/** Which token a caller presented: the configured admin token, or an API token of the store. */
export type VerifiedToken =
  | { kind: 'admin'; access: Access }
  | { kind: 'api'; id: number; name: string; access: Access };

const accessOf = (record: TokenRecord): Access => ({ scopes: record.scopes, projectId: record.projectId });

/** The token `token` is, or undefined when it is neither the admin token nor an API token. */
export type TokenVerifier = (token: string) => Promise<VerifiedToken | undefined>;

/**
 * @param adminToken compared in constant time (through equal-length hashes), so the answer
 * takes the same path whatever prefix of it a caller guessed. Bearer and login share this one
 * function, so a wrong token typed into the login page takes the same path as a wrong bearer.
 * @example const verify = createTokenVerifier(store, process.env.FAULTLINE_ADMIN_TOKEN);
 */
export function createTokenVerifier(
  store: Store,
  adminToken: string | undefined,
  now: () => number = Date.now,
): TokenVerifier {
  const admin = adminToken ? digest(adminToken) : undefined;
  return async (token) => {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
    if (admin && timingSafeEqual(digest(token), admin)) return { kind: 'admin', access: FULL_ACCESS };
    const record = await store.verifyToken(token);
    if (record === undefined) return undefined;
    // The row read above says when it was last noted: a write only once per interval, and one
    // that fails costs the caller nothing.
    const at = now();
    if (record.lastUsedAt === null || at - record.lastUsedAt >= TOKEN_TOUCH_INTERVAL_MS)
      store.touchToken(record.id, at, at - TOKEN_TOUCH_INTERVAL_MS + 1).catch(() => {});
    return { kind: 'api', id: record.id, name: record.name, access: accessOf(record) };
  };
}

/** Who is calling: a script with a bearer token, or a browser with a session cookie; and what
 * it may do. */
export type Caller =
  | { kind: 'token'; access: Access /** An API token's name; absent for the admin token. */; name?: string }
  | { kind: 'session'; id: string; session: Session; access: Access };

export type Authenticator = (req: IncomingMessage) => Promise<Caller | undefined>;

/**
 * A request with an Authorization header is judged by it alone: a wrong bearer never falls
 * back to a cookie the browser happened to send. A cookie is looked up in the store on every
 * request (one primary-key read), so a session ended on any collector (logout, its user removed,
 * its token revoked) is refused here at once.
 * @example const caller = await createAuthenticator(verify, createSessionStore(store))(req);
 */
export function createAuthenticator(verify: TokenVerifier, sessions: SessionStore): Authenticator {
  return async (req) => {
    if (req.headers.authorization !== undefined) {
      const token = bearerToken(req);
      const verified = token ? await verify(token) : undefined;
      if (verified === undefined) return undefined;
      return verified.kind === 'api'
        ? { kind: 'token', access: verified.access, name: verified.name }
        : { kind: 'token', access: verified.access };
    }
    const id = sessionIdOf(req);
    const session = id ? await sessions.find(id) : undefined;
    if (!id || !session) return undefined;
    return { kind: 'session', id, session, access: session.access };
  };
}
