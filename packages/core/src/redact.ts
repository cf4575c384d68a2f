/**
 * Scrubbing secrets before anything is stored or sent (sentry-protocol.md §4.4: "Faultline MUST
 * scrub Authorization, Cookie, Set-Cookie, tokens"). Two passes, as in Sentry's data scrubbing:
 * by key (a value under a secret-looking key becomes REDACTED) and by value (secrets recognisable
 * inside any string: credentials in URLs, `key=value` pairs, Bearer/Basic, JWTs, card numbers).
 *
 * Everything is bounded (MAX_REDACT_* in limits.ts) and every regex has bounded quantifiers or a
 * literal anchor, so the work is linear in the input; hostile objects yield markers, never throws.
 * This file is the public API; the parts: redact-keys.ts (which keys are secret), redact-value.ts
 * (by value), redact-walk.ts (the deep walk, copying or sharing unchanged JSON).
 */

import { MAX_REDACT_DEPTH, MAX_REDACT_NODES, MAX_REDACT_STRING_LENGTH } from './limits.js';
import { type ExtraKeys, type SecretKeys, secretKeysFor } from './redact-keys.js';
import { REDACTED, scrubString } from './redact-value.js';
import { setProp, UNREADABLE, visit } from './redact-walk.js';
import { safeGet, truncate } from './safe.js';

export { REDACTED };

export interface RedactOptions {
  /** Extra keys whose values are replaced: strings match case-insensitively, ignoring '-' and '_'. */
  keys?: ExtraKeys;
  /** Objects nested deeper are replaced by '[MaxDepth]'. Default MAX_REDACT_DEPTH. */
  maxDepth?: number;
  /** Values visited per call; later ones become '[Truncated]'. Default MAX_REDACT_NODES. */
  maxNodes?: number;
}

const keysFor = (options?: RedactOptions): SecretKeys => secretKeysFor(options?.keys);

/**
 * Scrubs secrets found inside one string (credentials in URLs, `password=…` pairs, Bearer/Basic
 * credentials, JWTs, Luhn-valid card numbers). Strings over MAX_REDACT_STRING_LENGTH are cut first.
 * @example redactString('login failed: password=hunter2') // 'login failed: password=[Filtered]'
 */
export function redactString(s: string, options?: RedactOptions): string {
  return scrubString(s, keysFor(options));
}

/**
 * `redactString` with its key matcher compiled once, for hot paths such as log lines.
 * @example const scrub = createStringRedactor({ keys: ['x-tenant-secret'] }); scrub('x-tenant-secret=abc')
 */
export function createStringRedactor(options?: RedactOptions): (s: string) => string {
  const keys = keysFor(options);
  return (s) => scrubString(s, keys);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function scrubParams(params: string, keys: SecretKeys): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return scrubString(pair, keys);
      const value = decodeSafe(pair.slice(eq + 1));
      const secret = keys.isSecret(decodeSafe(pair.slice(0, eq))) || scrubString(value, keys) !== value;
      return secret ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * Scrubs a URL: the password in userinfo, and query (or `#fragment`) parameters whose name is
 * secret or whose decoded value holds a secret. The rest of the URL is kept byte for byte.
 * @example redactUrl('https://u:p@x.io/cb?code=1&access_token=abc') // 'https://u:[Filtered]@x.io/cb?code=1&access_token=[Filtered]'
 */
export function redactUrl(url: string, options?: RedactOptions): string {
  const keys = keysFor(options);
  const s = truncate(url, MAX_REDACT_STRING_LENGTH);
  const hash = s.indexOf('#');
  const beforeHash = hash === -1 ? s : s.slice(0, hash);
  const q = beforeHash.indexOf('?');
  let out = scrubString(q === -1 ? beforeHash : beforeHash.slice(0, q), keys);
  if (q !== -1) out += `?${scrubParams(beforeHash.slice(q + 1), keys)}`;
  // OAuth implicit flow puts access_token in the fragment.
  if (hash !== -1) out += `#${scrubParams(s.slice(hash + 1), keys)}`;
  return out;
}

function headerValue(raw: unknown): string | undefined {
  try {
    if (raw === undefined || raw === null) return undefined;
    return Array.isArray(raw) ? raw.slice(0, MAX_REDACT_NODES).map(String).join(', ') : String(raw);
  } catch {
    return UNREADABLE;
  }
}

/**
 * Scrubs HTTP headers: names are lower-cased, array values joined with ', ' (RFC 9110 §5.3),
 * secret headers (Authorization, Cookie, X-Api-Key…) replaced and the others scanned by value.
 * @example redactHeaders({ Authorization: 'Bearer abc', Accept: ['a', 'b'] }) // { authorization: '[Filtered]', accept: 'a, b' }
 */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  options?: RedactOptions,
): Record<string, string> {
  const keys = keysFor(options);
  const out: Record<string, string> = {};
  let names: string[];
  try {
    names = Object.keys(headers).slice(0, options?.maxNodes ?? MAX_REDACT_NODES);
  } catch {
    return out;
  }
  for (const name of names) {
    const value = headerValue(safeGet(headers, name));
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const clean = keys.isSecret(lower) ? REDACTED : scrubString(value, keys);
    setProp(out, lower, Object.hasOwn(out, lower) ? `${out[lower]}, ${clean}` : clean);
  }
  return out;
}

function redactor(options: RedactOptions, share: boolean): <T>(value: T) => T {
  const keys = keysFor(options);
  const maxDepth = options.maxDepth ?? MAX_REDACT_DEPTH;
  const maxNodes = options.maxNodes ?? MAX_REDACT_NODES;
  return <T>(value: T): T =>
    visit(value, 1, { keys, maxDepth, maxNodes, nodes: 0, ancestors: new Set(), share }) as T;
}

/**
 * A redactor with its key matcher compiled once, for hot paths (one per client or route).
 * @example const scrub = createRedactor({ keys: ['x-tenant-secret', /^private_/] }); scrub(event)
 */
export function createRedactor(options: RedactOptions = {}): <T>(value: T) => T {
  return redactor(options, false);
}

/**
 * `createRedactor` for JSON data (what `JSON.parse` returns), without the deep copy: the result
 * is deep-equal to `createRedactor`'s, but plain objects and arrays that needed no change are
 * returned as they are, and only the objects on the path to a change are copied. The input is
 * never mutated. Other values inside (Dates, Maps, Errors, class instances) are copied as
 * `redact` copies them. Not for objects with getters or Proxies: an unchanged one is returned
 * itself, so a later read could differ from what was scrubbed.
 * @example const scrub = createJsonRedactor({ keys: ['ssn'] }); const clean = scrub(JSON.parse(body))
 */
export function createJsonRedactor(options: RedactOptions = {}): <T>(value: T) => T {
  return redactor(options, true);
}

/**
 * A scrubbed deep copy of `value` (the input is never mutated): values under secret keys become
 * REDACTED at any depth, and every string is scanned by value (see `redactString`). Cycles become
 * '[Circular]'; unreadable objects '[Unreadable]'. Never throws.
 * @example redact({ headers: { authorization: 'Bearer abc' }, msg: 'token=xyz' }) // { headers: { authorization: '[Filtered]' }, msg: 'token=[Filtered]' }
 */
export function redact<T>(value: T, options?: RedactOptions): T {
  return createRedactor(options)(value);
}
