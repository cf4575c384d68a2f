/**
 * Ending a session when the API token it was made with is deleted. A token typed into the login
 * page buys a cookie session of SESSION_TTL_MS (12 h); without this, revoking the token left its
 * sessions working until then. The token can be deleted by another process (straight in the
 * store), so nothing tells the collector: the session keeps the token's stored hash (what the
 * store keeps too, never the token) and re-reads it at most once every TOKEN_RECHECK_MS
 * (session-recheck.ts). The admin token from FAULTLINE_ADMIN_TOKEN lives in the process's
 * configuration, so its sessions have no binding: changing it means a restart, which ends every
 * session anyway.
 */

import { TOKEN_RECHECK_MS } from '../limits.js';
import type { Store } from '../store/index.js';
import { hashToken } from '../store/secrets.js';
import { type Checked, periodicCheck, type SessionRecheck } from './session-recheck.js';

export type TokenReader = Pick<Store, 'findTokenByHash'>;

/** Which API token a session was made with. */
export interface SessionTokenBinding extends Checked {
  /** The token's SHA-256, as the store keeps it. */
  tokenHash: string;
}

/**
 * The binding of a session made now with the API token `token`.
 * @example sessions.create(now, { token: bindToken(token, now) })
 */
export function bindToken(token: string, now: number): SessionTokenBinding {
  return { tokenHash: hashToken(token), checkedAt: now };
}

/**
 * @param intervalMs how old a check may be before the token is read again (TOKEN_RECHECK_MS).
 * @example
 * const recheck = createTokenRecheck(store);
 * if (!(await recheck(session))) sessions.delete(id);
 */
export function createTokenRecheck(
  tokens: TokenReader,
  intervalMs = TOKEN_RECHECK_MS,
  now: () => number = Date.now,
): SessionRecheck {
  const check = periodicCheck<SessionTokenBinding>(intervalMs, now);
  return async (session) => {
    const binding = session.token;
    if (binding === undefined) return true;
    return check(binding, async () => (await tokens.findTokenByHash(binding.tokenHash)) !== undefined);
  };
}
