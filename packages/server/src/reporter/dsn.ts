/**
 * Where envelopes go and how they authenticate, from a DSN
 * `{scheme}://{public_key}[:{secret}]@{host}[:{port}]{path_prefix}/{project_id}`
 * (https://develop.sentry.dev/sdk/overview/#parsing-the-dsn ; sentry-protocol.md §1, §2).
 *
 * Query-string auth is the default because the JS SDKs use it and every Sentry-compatible
 * server (Sentry, GlitchTip, Bugsink, Faultline's collector) accepts it; `X-Sentry-Auth` is
 * the alternative for proxies that strip or log query strings. The legacy secret key is
 * never sent.
 */

import {
  ConfigError,
  type Dsn,
  envelopeEndpoint,
  formatSentryAuth,
  parseDsn,
  sentryAuthQuery,
} from '@faultline/core';

/** What a send needs: the envelope URL and the headers that authenticate it. */
export interface EnvelopeTarget {
  url: string;
  headers: Record<string, string>;
  publicKey: string;
}

/** `query` (JS SDK style, no preflight) or `header` (`X-Sentry-Auth`). */
export type AuthMode = 'query' | 'header';

/**
 * The envelope endpoint of a DSN: `{base}{prefix}/api/{project}/envelope/` with auth.
 * @example
 * envelopeTarget('https://abc@errors.example.com/sentry/42', 'faultline.server/0.1.0', 'query').url
 * // 'https://errors.example.com/sentry/api/42/envelope/?sentry_version=7&sentry_key=abc&sentry_client=faultline.server%2F0.1.0'
 */
export function envelopeTarget(dsn: string, client: string, mode: AuthMode): EnvelopeTarget {
  let parsed: Dsn;
  try {
    parsed = parseDsn(dsn);
  } catch (cause) {
    throw new ConfigError(`dsn: ${(cause as Error).message}`, { cause });
  }
  const endpoint = envelopeEndpoint(parsed);
  const auth = { publicKey: parsed.publicKey, client };
  const headers: Record<string, string> = {
    'content-type': 'application/x-sentry-envelope',
    'user-agent': client,
  };
  if (mode === 'header') {
    headers['x-sentry-auth'] = formatSentryAuth(auth);
    return { url: endpoint, headers, publicKey: parsed.publicKey };
  }
  return { url: `${endpoint}?${sentryAuthQuery(auth)}`, headers, publicKey: parsed.publicKey };
}
