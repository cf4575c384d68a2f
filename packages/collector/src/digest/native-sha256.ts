/**
 * SHA-256 as lowercase hex through node:crypto, for core's `fingerprint`: the same digest as
 * core's plain-JS one (core runs in any runtime, so it cannot import node:crypto itself), at a
 * fraction of its cost on every ingested event.
 */

import { createHash } from 'node:crypto';

/** @example nativeSha256Hex('abc').slice(0, 8) // 'ba7816bf' */
export function nativeSha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
