/**
 * Where a request's DSN public key comes from (sentry-protocol.md §2.1-§2.3): the
 * `X-Sentry-Auth` header (Relay also reads `Authorization: Sentry …`), the `sentry_key` query
 * parameter (what the JavaScript SDKs always use, to avoid a CORS preflight), or the `dsn` in
 * the envelope header (tunnelled envelopes). `sentry_secret`, `sentry_version` and the rest are
 * accepted and ignored. When several sources are present they must name the same key.
 */

import type { IncomingHttpHeaders } from 'node:http';
import { type Dsn, PUBLIC_KEY_PATTERN, parseDsn, parseSentryAuthKey } from '@faultline/core';
import { IngestRejection } from './http-errors.js';

export type AuthSource = 'header' | 'query' | 'dsn';

export interface Credential {
  source: AuthSource;
  publicKey: string;
  /** Only a DSN names a project; it must match the path's. */
  projectId?: string;
}

function checkedKey(raw: string, source: AuthSource): string {
  const key = raw.trim();
  if (!PUBLIC_KEY_PATTERN.test(key)) throw new IngestRejection(401, `invalid sentry_key in ${source}`);
  return key;
}

/** Credentials found in the header and the query string (the envelope's dsn comes later). */
export function requestCredentials(headers: IncomingHttpHeaders, query: URLSearchParams): Credential[] {
  const out: Credential[] = [];
  const header = headers['x-sentry-auth'] ?? headers.authorization;
  if (typeof header === 'string' && header !== '') {
    const key = parseSentryAuthKey(header);
    // A Bearer token in Authorization is somebody else's auth, not a malformed Sentry one.
    if (key !== undefined) out.push({ source: 'header', publicKey: checkedKey(key, 'header') });
    else if (headers['x-sentry-auth'] !== undefined)
      throw new IngestRejection(401, 'X-Sentry-Auth has no sentry_key');
  }
  const queryKey = query.get('sentry_key');
  if (queryKey !== null && queryKey !== '')
    out.push({ source: 'query', publicKey: checkedKey(queryKey, 'query') });
  return out;
}

/**
 * The credential in an envelope header's `dsn` (`scheme://key[:secret]@host/prefix/project`).
 * @example dsnCredential('https://abc@errors.example.com/sentry/42') // { source: 'dsn', publicKey: 'abc', projectId: '42' }
 */
export function dsnCredential(dsn: unknown): Credential | undefined {
  if (dsn === undefined || dsn === null) return undefined;
  let parsed: Dsn;
  try {
    parsed = parseDsn(String(dsn));
  } catch (error) {
    throw new IngestRejection(401, `envelope header ${(error as Error).message}`);
  }
  return { source: 'dsn', publicKey: parsed.publicKey, projectId: parsed.projectId };
}

/**
 * The one public key all credentials agree on. None at all is 401 (Relay answers 401 for missing
 * auth); two different keys, or a DSN for another project, is 403.
 * @example agreedKey([{ source: 'query', publicKey: 'a' }], '1') // 'a'
 */
export function agreedKey(credentials: readonly Credential[], pathProjectId: string): string {
  const first = credentials[0];
  if (!first) throw new IngestRejection(401, 'missing authentication: no X-Sentry-Auth, sentry_key or dsn');
  for (const c of credentials) {
    if (c.publicKey !== first.publicKey)
      throw new IngestRejection(403, `conflicting keys: ${first.source} and ${c.source} name different keys`);
    if (c.projectId !== undefined && c.projectId !== pathProjectId)
      throw new IngestRejection(403, `dsn is for project ${c.projectId}, not ${pathProjectId}`);
  }
  return first.publicKey;
}
