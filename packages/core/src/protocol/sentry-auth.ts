/**
 * How a request authenticates to a Sentry-compatible server (sentry-protocol.md §2): the
 * `X-Sentry-Auth: Sentry sentry_version=7, sentry_client=…, sentry_key=…` header (Relay also
 * reads it from `Authorization`), or the same pairs in the query string, which the JavaScript
 * SDKs use to avoid a CORS preflight.
 */

/** The protocol version every current SDK sends. */
export const SENTRY_PROTOCOL_VERSION = '7';

/** What an SDK sends to authenticate. */
export interface SentryAuth {
  publicKey: string;
  /** `name/version` of the sender. */
  client: string;
}

/**
 * The `X-Sentry-Auth` header value.
 * @example formatSentryAuth({ publicKey: 'abc', client: 'faultline.server/0.1.0' }) // 'Sentry sentry_version=7, sentry_client=faultline.server/0.1.0, sentry_key=abc'
 */
export function formatSentryAuth(auth: SentryAuth): string {
  return `Sentry sentry_version=${SENTRY_PROTOCOL_VERSION}, sentry_client=${auth.client}, sentry_key=${auth.publicKey}`;
}

/**
 * The same pairs as a query string, for `?{query}` on the envelope endpoint.
 * @example sentryAuthQuery({ publicKey: 'abc', client: 'x/1' }) // 'sentry_version=7&sentry_key=abc&sentry_client=x%2F1'
 */
export function sentryAuthQuery(auth: SentryAuth): string {
  return new URLSearchParams({
    sentry_version: SENTRY_PROTOCOL_VERSION,
    sentry_key: auth.publicKey,
    sentry_client: auth.client,
  }).toString();
}

/**
 * The `sentry_key` of a `Sentry key=value, …` header value; undefined when the value is not of
 * the Sentry scheme (a Bearer token is somebody else's auth) or names no key.
 * @example parseSentryAuthKey('Sentry sentry_version=7, sentry_key=abc') // 'abc'
 */
export function parseSentryAuthKey(value: string): string | undefined {
  const m = /^\s*sentry\s+/i.exec(value);
  if (!m) return undefined;
  for (const pair of value.slice(m[0].length).split(',')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim().toLowerCase() === 'sentry_key')
      return pair.slice(eq + 1).trim();
  }
  return undefined;
}
