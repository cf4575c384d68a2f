/**
 * CORS as Relay's middleware sets it (sentry-protocol.md §2.4, relay-server `middlewares/cors.rs`):
 * any origin may post, and the rate-limit headers are exposed, otherwise browsers hide them from
 * the SDK and it cannot back off. Per-project allowed origins (Sentry's "Allowed Domains") are
 * checked on the POST itself, since a preflight carries no key.
 */

import type { ServerResponse } from 'node:http';
import { PREFLIGHT_MAX_AGE_S } from '../limits.js';

const ALLOW_HEADERS = [
  'x-sentry-auth',
  'x-requested-with',
  'x-forwarded-for',
  'origin',
  'referer',
  'accept',
  'content-type',
  'authentication',
  'authorization',
  'content-encoding',
  'transfer-encoding',
].join(', ');

/** Headers on every ingest response, success or refusal. */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
});

/**
 * Answers an OPTIONS preflight: 200 with Relay's allow lists, no body.
 * @example if (req.method === 'OPTIONS') return sendPreflight(res)
 */
export function sendPreflight(res: ServerResponse): void {
  res.writeHead(200, {
    ...CORS_RESPONSE_HEADERS,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
    'content-length': '0',
  });
  res.end();
}

/** `https://a.example.com:8443` → host part, or null if not a URL. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * True when `origin` may post for a project with these allowed origins. Entries are `*`, a full
 * origin (`https://app.example.com`), a host (`app.example.com`) or a wildcard host
 * (`*.example.com`). An empty list, or a request with no Origin (servers, sendBeacon without
 * one), is allowed, as Relay's default.
 * @example originAllowed('https://app.example.com', ['*.example.com']) // true
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin || allowed.length === 0) return true;
  const host = originHost(origin);
  for (const raw of allowed) {
    const entry = raw.trim().toLowerCase();
    if (entry === '*' || entry === origin.toLowerCase()) return true;
    if (host === null) continue;
    if (entry.startsWith('*.') && (host.endsWith(entry.slice(1)) || host === entry.slice(2))) return true;
    if (entry === host || entry === host.replace(/:\d+$/, '')) return true;
  }
  return false;
}
