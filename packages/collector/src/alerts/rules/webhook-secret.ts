/**
 * Webhook secrets as Standard Webhooks writes them: `whsec_` and the base64 of 24 to 64 random
 * bytes, unique per endpoint. The prefix makes a leaked secret recognisable by secret scanners.
 */

import { randomBytes } from 'node:crypto';
import { MAX_WEBHOOK_SECRET_BYTES, MIN_WEBHOOK_SECRET_BYTES, WEBHOOK_SECRET_BYTES } from '../../limits.js';

const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * @example newWebhookSecret() // 'whsec_…' (32 random bytes)
 */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(WEBHOOK_SECRET_BYTES).toString('base64');
}

/**
 * The key bytes of a secret, or undefined when it is not `whsec_` + base64 of 24-64 bytes.
 * @example webhookKey(newWebhookSecret())?.length // 32
 */
export function webhookKey(secret: string): Buffer | undefined {
  if (!secret.startsWith(PREFIX)) return undefined;
  const encoded = secret.slice(PREFIX.length);
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length < MIN_WEBHOOK_SECRET_BYTES || key.length > MAX_WEBHOOK_SECRET_BYTES ? undefined : key;
}
