/** DSN public keys and API tokens. Tokens are stored only as SHA-256 hashes: they are 128-bit
 * random, so a slow password hash would add nothing but latency to every API call. */

import { createHash, randomBytes } from 'node:crypto';

/** Prefix that makes a leaked token recognisable by secret scanners. */
const TOKEN_PREFIX = 'flt_';

/**
 * A DSN public key: 32 lower-case hex digits, like Sentry's.
 * @example newPublicKey() // '3f1c…' (32 hex)
 */
export function newPublicKey(): string {
  return randomBytes(16).toString('hex');
}

/**
 * A new API token (shown once).
 * @example newToken() // 'flt_9c…' (4 + 64 chars)
 */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('hex');
}

/**
 * The stored form of a token.
 * @example hashToken('flt_…') // 64 hex
 */
export function hashToken(plain: string): string {
  return createHash('sha256').update(plain, 'utf8').digest('hex');
}
