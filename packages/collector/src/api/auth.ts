/**
 * Read-API authentication: `Authorization: Bearer <token>`, where the token is the admin
 * token (FAULTLINE_ADMIN_TOKEN, or the one generated on first start) or an API token the
 * store knows (only its hash is stored). Nothing under /api/v1 is served without one.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MAX_TOKEN_LENGTH } from '../limits-api.js';
import type { Store } from '../store/index.js';

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i.exec(header);
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

export type Authenticator = (req: IncomingMessage) => Promise<boolean>;

/**
 * @param adminToken compared in constant time (through equal-length hashes), so the answer
 * takes the same path whatever prefix of it a caller guessed.
 */
export function createAuthenticator(store: Store, adminToken: string | undefined): Authenticator {
  const admin = adminToken ? digest(adminToken) : undefined;
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return false;
    if (admin && timingSafeEqual(digest(token), admin)) return true;
    return (await store.verifyToken(token)) !== undefined;
  };
}
