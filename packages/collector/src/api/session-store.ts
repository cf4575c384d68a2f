/**
 * Dashboard sessions, kept in the store (migration 11) so that any collector on one database
 * serves a session another made, and a logout, a removed user or a revoked token ends it on all
 * of them at once. The cookie carries a random id; the store keeps only its SHA-256. The CSRF
 * token is derived from the id (an HMAC keyed by it), so every collector computes the same one
 * and nothing about it is stored: the page reads it, the database never sees it, and neither
 * gives the id back. A session made with the configured admin token keeps that token's digest,
 * so changing FAULTLINE_ADMIN_TOKEN ends its sessions as a restart used to. A session lasts SESSION_TTL_MS from its login (no sliding expiry), and a
 * lookup is one primary-key read; `last_seen_at` is written at most once per
 * SESSION_TOUCH_INTERVAL_MS.
 */

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  SESSION_SECRET_BYTES,
  SESSION_SWEEP_ROWS,
  SESSION_TOUCH_INTERVAL_MS,
  SESSION_TTL_MS,
} from '../limits.js';
import type { DashboardSessionRecord, Store, UserCredentials } from '../store/index.js';
import { type Access, FULL_ACCESS } from './access.js';

export interface Session {
  /** Sent back in the X-Faultline-CSRF header on every state change (derived from the id). */
  csrfToken: string;
  expiresAt: number;
  /** The email of the user who logged in with a password; undefined for a token login. */
  user?: string;
  /** What it may do: a token login's token's scopes and project, else everything. */
  access: Access;
}

/** Who a session belongs to: a password login's user (with the hash its password matched), an
 * API token by id, or the configured admin token. */
export interface SessionOwner {
  user?: UserCredentials;
  tokenId?: number;
  /** The token's, for a token login. */
  access?: Access;
  admin?: true;
}

export type SessionRows = Pick<
  Store,
  'createDashboardSession' | 'findDashboardSession' | 'touchDashboardSession' | 'deleteDashboardSession'
>;

export interface SessionStore {
  /** A new session: the id goes into the cookie, the CSRF token to the page; undefined when what
   * it was made with is gone by now (the user removed or given a new password, the token revoked). */
  create(owner: SessionOwner, now?: number): Promise<{ id: string; session: Session } | undefined>;
  /** The session, or undefined when there is none or it expired (then its row goes). */
  find(id: string, now?: number): Promise<Session | undefined>;
  delete(id: string): Promise<void>;
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Compares through equal-length digests, so the time taken says nothing about the guess. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The CSRF token of the session `id`: an HMAC keyed by the id, so only who holds the cookie (and
 * the collectors it reaches) can compute it, and the token shown to page scripts does not give
 * the id back.
 * @example csrfTokenOf(id) === (await sessions.find(id))?.csrfToken // true
 */
export function csrfTokenOf(id: string): string {
  return createHmac('sha256', id).update('faultline dashboard csrf').digest('base64url');
}

export interface SessionStoreOptions {
  /** The configured admin token (FAULTLINE_ADMIN_TOKEN): its sessions keep its digest, and a
   * collector with another one (it was changed) refuses them. */
  adminToken?: string;
  ttlMs?: number;
  touchIntervalMs?: number;
  /** Expired rows removed with each login. */
  sweepRows?: number;
}

/**
 * @example
 * const sessions = createSessionStore(store);
 * const made = await sessions.create({});
 * (await sessions.find(made!.id))?.csrfToken === made!.session.csrfToken; // true
 */
export function createSessionStore(rows: SessionRows, options: SessionStoreOptions = {}): SessionStore {
  const ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  const touchIntervalMs = options.touchIntervalMs ?? SESSION_TOUCH_INTERVAL_MS;
  const sweepRows = options.sweepRows ?? SESSION_SWEEP_ROWS;
  const adminDigest = options.adminToken ? hash(options.adminToken) : undefined;
  /** A row that still stands for its owner: the admin token unchanged; a user or token row
   * exists only while they do (the store removes it with them). */
  const owned = (row: DashboardSessionRecord) =>
    row.adminDigest !== null ? row.adminDigest === adminDigest : row.userId !== null || row.tokenId !== null;
  return {
    async create(owner, now = Date.now()) {
      if (owner.admin && adminDigest === undefined) return undefined;
      const id = randomBytes(SESSION_SECRET_BYTES).toString('base64url');
      const made = await rows.createDashboardSession(
        {
          idHash: hash(id),
          createdAt: now,
          expiresAt: now + ttlMs,
          ...(owner.user ? { user: owner.user } : {}),
          ...(owner.tokenId === undefined ? {} : { tokenId: owner.tokenId }),
          ...(owner.admin ? { adminDigest } : {}),
        },
        { now, limit: sweepRows },
      );
      if (!made) return undefined;
      const session: Session = {
        csrfToken: csrfTokenOf(id),
        expiresAt: now + ttlMs,
        access: owner.access ?? FULL_ACCESS,
      };
      if (owner.user) session.user = owner.user.email;
      return { id, session };
    },
    async find(id, now = Date.now()) {
      const key = hash(id);
      const row = await rows.findDashboardSession(key);
      if (row === undefined) return undefined;
      if (row.expiresAt <= now || !owned(row)) {
        await rows.deleteDashboardSession(key);
        return undefined;
      }
      if (now - row.lastSeenAt >= touchIntervalMs)
        await rows.touchDashboardSession(key, now, now - touchIntervalMs + 1);
      const access =
        row.tokenId === null ? FULL_ACCESS : { scopes: row.tokenScopes, projectId: row.tokenProjectId };
      const session: Session = { csrfToken: csrfTokenOf(id), expiresAt: row.expiresAt, access };
      if (row.userEmail !== null) session.user = row.userEmail;
      return session;
    },
    async delete(id) {
      await rows.deleteDashboardSession(hash(id));
    },
  };
}
