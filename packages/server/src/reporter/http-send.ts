/**
 * One envelope request over the global fetch (undici): gzip above a size, a per-request
 * timeout, and the answer reduced to an outcome plus the rate-limit headers. No retries:
 * the develop docs (transport, "Handling Errors") say not to retry failed sends, and a
 * retry would keep a slot busy while newer errors overflow the queue.
 * https://develop.sentry.dev/sdk/expected-features/#http-transport
 */

import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { EnvelopeTarget } from './dsn.js';
import type { RateLimitResponse } from './rate-limits.js';

const gzip = promisify(gzipCallback);

/** How one request ended (house style 6: a tagged union). */
export type SendOutcome =
  /** 2xx: delivered. */
  | { kind: 'sent'; status: number }
  /** 429: the server dropped it and counts that itself. */
  | { kind: 'rate_limited'; status: 429 }
  /** Any other status: 413 (too large), 400, 401/403, 5xx... The data is lost. */
  | { kind: 'rejected'; status: number }
  /** No answer: refused, reset, DNS, or the timeout / close deadline fired. */
  | { kind: 'network_error'; error: unknown };

export interface SendResult {
  outcome: SendOutcome;
  /** Present whenever the server answered. */
  limits: RateLimitResponse | undefined;
  bytes: number;
  gzip: boolean;
}

export interface SendSettings {
  timeoutMs: number;
  gzipMinBytes: number;
  /** Aborts every request in flight (close() past its deadline). */
  signal: AbortSignal;
}

/**
 * POSTs one serialized envelope.
 * @example const { outcome } = await sendEnvelope(target, bytes, { timeoutMs: 5000, gzipMinBytes: 1024, signal })
 */
export async function sendEnvelope(
  target: EnvelopeTarget,
  envelope: Uint8Array,
  settings: SendSettings,
): Promise<SendResult> {
  const compress = envelope.byteLength >= settings.gzipMinBytes;
  const body = compress ? await gzip(envelope) : envelope;
  const headers = compress ? { ...target.headers, 'content-encoding': 'gzip' } : target.headers;
  const sent = { bytes: body.byteLength, gzip: compress };
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([AbortSignal.timeout(settings.timeoutMs), settings.signal]),
    });
  } catch (error) {
    return { outcome: { kind: 'network_error', error }, limits: undefined, ...sent };
  }
  // The body is a small JSON ack nobody reads (the JS transport does not either); cancel it
  // so the connection goes back to the pool.
  response.body?.cancel().catch(() => {});
  const { status } = response;
  const limits: RateLimitResponse = {
    status,
    rateLimits: response.headers.get('x-sentry-rate-limits'),
    retryAfter: response.headers.get('retry-after'),
  };
  const outcome: SendOutcome =
    status >= 200 && status < 300
      ? { kind: 'sent', status }
      : status === 429
        ? { kind: 'rate_limited', status }
        : { kind: 'rejected', status };
  return { outcome, limits, ...sent };
}
