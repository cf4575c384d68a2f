/**
 * Standard Webhooks v1 signatures (standard-webhooks/spec): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 with the secret's key bytes, sent as
 * `webhook-signature: v1,<base64>`. The timestamp is signed, so a captured delivery cannot be
 * replayed after the receiver's tolerance (Sentry's and GitHub's signatures leave it out).
 */

import { createHmac } from 'node:crypto';
import { webhookKey } from '../rules/webhook-secret.js';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * @param timestampS the attempt's time, unix seconds (a retry is signed anew, same id)
 * @example signatureHeaders(secret, 'msg_…', Math.floor(Date.now() / 1000), body)
 */
export function signatureHeaders(
  secret: string,
  id: string,
  timestampS: number,
  body: string,
): WebhookHeaders {
  const key = webhookKey(secret);
  if (key === undefined) throw new Error('webhook secret is not whsec_ + base64 of 24-64 bytes');
  const signature = createHmac('sha256', key).update(`${id}.${timestampS}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampS),
    'webhook-signature': `v1,${signature}`,
  };
}
