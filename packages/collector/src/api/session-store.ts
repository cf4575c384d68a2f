/**
 * Dashboard sessions, kept in memory: a bounded Map from the SHA-256 of the session id to its
 * CSRF token and expiry. Road not taken: a `sessions` table in the Store would survive restarts,
 * but costs a migration for both stores; one collector process serves the dashboard, so a
 * restart logging users out is acceptable for now.
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MAX_SESSIONS, SESSION_SECRET_BYTES, SESSION_TTL_MS } from '../limits.js';
import type { SessionTokenBinding } from './session-token.js';

export interface Session {
  /** Sent back in the X-Faultline-CSRF header on every state change (server-side token). */
  csrfToken: string;
  expiresAt: number;
  /** The email of the user who logged in with a password; undefined for a token login. */
  user?: string;
  /** That user as seen at login, re-checked against the store (session-user.ts). */
  binding?: SessionUserBinding;
  /** The API token a token login used, re-checked against the store (session-token.ts); absent
   * for the admin token of the configuration and for password logins. */
  token?: SessionTokenBinding;
}

/** Who a session belongs to: a password login's user and binding, or a token login's token. */
export type SessionOwner = Pick<Session, 'user' | 'binding' | 'token'>;

/**
 * Which user a password session belongs to, so that removing the user or changing its password
 * (in another process, straight in the store) ends the session.
 */
export interface SessionUserBinding {
  userId: number;
  /** Of the password hash at login (session-user.ts), so the hash itself is not kept here. */
  passwordFingerprint: string;
  /** When the user was last found unchanged (at first: the login). */
  checkedAt: number;
}

export interface SessionStore {
  /** A new session: the id goes into the cookie, the CSRF token to the page. */
  create(now?: number, owner?: SessionOwner): { id: string; session: Session };
  find(id: string, now?: number): Session | undefined;
  delete(id: string): void;
  readonly size: number;
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Compares through equal-length digests, so the time taken says nothing about the guess. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * @example
 * const sessions = createSessionStore();
 * const { id, session } = sessions.create();
 * sessions.find(id)?.csrfToken === session.csrfToken; // true
 */
export function createSessionStore(ttlMs = SESSION_TTL_MS, maxSessions = MAX_SESSIONS): SessionStore {
  // Insertion order is creation order, so the first key is the oldest session.
  const byHash = new Map<string, Session>();
  return {
    create(now = Date.now(), owner: SessionOwner = {}) {
      while (byHash.size >= maxSessions) {
        const oldest = byHash.keys().next().value as string;
        byHash.delete(oldest);
      }
      const id = randomBytes(SESSION_SECRET_BYTES).toString('base64url');
      const session: Session = {
        csrfToken: randomBytes(SESSION_SECRET_BYTES).toString('base64url'),
        expiresAt: now + ttlMs,
        ...owner,
      };
      byHash.set(hash(id), session);
      return { id, session };
    },
    find(id, now = Date.now()) {
      const key = hash(id);
      const session = byHash.get(key);
      if (session && session.expiresAt <= now) {
        byHash.delete(key);
        return undefined;
      }
      return session;
    },
    delete(id) {
      byHash.delete(hash(id));
    },
    get size() {
      return byHash.size;
    },
  };
}
