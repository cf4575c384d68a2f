/**
 * Scrubbing secrets before anything is stored or sent (sentry-protocol.md §4.4: "Faultline MUST
 * scrub Authorization, Cookie, Set-Cookie, tokens"). Two passes, as in Sentry's data scrubbing:
 * by key (a value under a secret-looking key becomes REDACTED) and by value (secrets recognisable
 * inside any string: credentials in URLs, `key=value` pairs, Bearer/Basic, JWTs, card numbers).
 *
 * Everything is bounded (MAX_REDACT_* in limits.ts) and every regex has bounded quantifiers or a
 * literal anchor, so the work is linear in the input; hostile objects yield markers, never throws.
 */

import {
  MAX_REDACT_DEPTH,
  MAX_REDACT_KEY_LENGTH,
  MAX_REDACT_NODES,
  MAX_REDACT_STRING_LENGTH,
} from './limits.js';
import { isErrorLike, safeGet, truncate } from './safe.js';

/** The marker Sentry writes in place of scrubbed values. */
export const REDACTED = '[Filtered]';
const CIRCULAR = '[Circular]';
const MAX_DEPTH_MARKER = '[MaxDepth]';
const TRUNCATED = '[Truncated]';
const UNREADABLE = '[Unreadable]';

export interface RedactOptions {
  /** Extra keys whose values are replaced: strings match case-insensitively, ignoring '-' and '_'. */
  keys?: (string | RegExp)[];
  /** Objects nested deeper are replaced by '[MaxDepth]'. Default MAX_REDACT_DEPTH. */
  maxDepth?: number;
  /** Values visited per call; later ones become '[Truncated]'. Default MAX_REDACT_NODES. */
  maxNodes?: number;
}

type KeyMatcher = (key: string) => boolean;

// Substrings of a normalised key (lower case, no '-', '_' or spaces), like Sentry's server-side
// default scrubbing. Road not taken: a bare 'auth' or 'key' substring would also hit 'author'
// and 'monkey', so those are exact names only.
// biome-ignore format: a word list reads better packed
const SECRET_WORDS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'authorization',
  'cookie', 'session', 'sessid', 'csrf', 'xsrf', 'credential', 'privatekey', 'accesskey',
  'signature', 'creditcard', 'cardnumber',
];
const SECRET_NAMES = ['auth', 'pass', 'sid', 'connect.sid', 'jwt', 'otp', 'cvv', 'cvc'];

function normalizeKey(key: string): string {
  return key
    .slice(0, MAX_REDACT_KEY_LENGTH)
    .toLowerCase()
    .replace(/[-_\s]/g, '');
}

function compileMatcher(extra: readonly (string | RegExp)[] = []): KeyMatcher {
  const names = new Set(SECRET_NAMES);
  const patterns: RegExp[] = [];
  for (const k of extra) {
    if (typeof k === 'string') names.add(normalizeKey(k));
    // Drop g/y: their lastIndex state would make test() alternate between true and false.
    else if (k instanceof RegExp) patterns.push(new RegExp(k.source, k.flags.replace(/[gy]/g, '')));
  }
  return (key) => {
    const n = normalizeKey(key);
    if (names.has(n) || SECRET_WORDS.some((w) => n.includes(w))) return true;
    const bounded = key.slice(0, MAX_REDACT_KEY_LENGTH);
    return patterns.some((p) => p.test(bounded));
  };
}

const DEFAULT_MATCHER = compileMatcher();
const matcherFor = (options?: RedactOptions) =>
  options?.keys ? compileMatcher(options.keys) : DEFAULT_MATCHER;

// --- by value ----------------------------------------------------------------------------

// `scheme://user:password@`: anchored on '://'; the password runs to the last '@' (RFC 3986 §3.2.1).
const URL_USERINFO = /(:\/\/[^\s/?#@:]{0,256}:)[^\s/?#]{1,256}@/g;
// key=value / key: value / "key": "value" / key = 'value'; the key decides, see scrubPairs.
const KEY_VALUE =
  /(["']?)([A-Za-z_][\w.-]{0,63})\1([ \t]{0,8}[=:][ \t]{0,8})("[^"\n]{0,1024}"|'[^'\n]{0,1024}'|(?:(?:bearer|basic|digest|token)[ \t]+)?[^\s&,;'"]{1,1024})/gi;
// RFC 6750 Bearer tokens and RFC 7617 Basic credentials.
const AUTH_SCHEME = /\b(bearer|basic)([ \t]+)([\w.~+/-]+=*)/gi;
// Runs of base64url plus '.', scanned whole for `eyJ....eyJ....sig` (RFC 7519 JWTs).
const TOKEN_RUN = /[\w.-]{16,}/g;
// 13-19 digits, optionally grouped by spaces or dashes; major issuers start with 2-6.
const CARD_NUMBER = /\b[2-6](?:[ -]?\d){12,18}\b/g;

// `token.js:10:5` in a stack trace is a file position, not a secret: keys that end in a source
// file extension are never secret.
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|php|rs|cs|swift|json|vue|svelte)$/i;

/** Replaces values of secret keys inside free text, rescanning values of other keys. */
function scrubPairs(s: string, isSecret: KeyMatcher): string {
  let out = '';
  let last = 0;
  KEY_VALUE.lastIndex = 0;
  for (let m = KEY_VALUE.exec(s); m; m = KEY_VALUE.exec(s)) {
    const value = m[4] ?? '';
    const valueStart = m.index + m[0].length - value.length;
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    const key = m[2] ?? '';
    if (isSecret(key) && !SOURCE_FILE.test(key) && !value.startsWith(`${quote}${REDACTED}`)) {
      out += `${s.slice(last, valueStart)}${quote}${REDACTED}${quote}`;
      last = KEY_VALUE.lastIndex;
    } else KEY_VALUE.lastIndex = valueStart; // the value may itself hold `password=…`
  }
  return last === 0 ? s : out + s.slice(last);
}

function scrubAuthScheme(match: string, scheme: string, space: string, token: string): string {
  // Basic credentials are padded base64; this spares prose such as "basic validation".
  if (scheme.toLowerCase() === 'basic' && (token.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)))
    return match;
  return `${scheme}${space}${REDACTED}`;
}

function scrubJwts(run: string): string {
  if (!run.includes('eyJ')) return run;
  const segs = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] ?? '';
    const at = seg.indexOf('eyJ');
    if (at !== -1 && i + 2 < segs.length && segs[i + 1]?.startsWith('eyJ')) {
      out.push(seg.slice(0, at) + REDACTED);
      i += 2; // header, payload and signature
    } else out.push(seg);
  }
  return out.join('.');
}

/** The Luhn checksum (ISO/IEC 7812-1) that every payment card number passes. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function scrubString(s: string, isSecret: KeyMatcher): string {
  let out = truncate(s, MAX_REDACT_STRING_LENGTH);
  out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  out = scrubPairs(out, isSecret);
  out = out.replace(AUTH_SCHEME, scrubAuthScheme);
  out = out.replace(TOKEN_RUN, scrubJwts);
  return out.replace(CARD_NUMBER, (m) => (luhnValid(m.replace(/\D/g, '')) ? REDACTED : m));
}

/**
 * Scrubs secrets found inside one string (credentials in URLs, `password=…` pairs, Bearer/Basic
 * credentials, JWTs, Luhn-valid card numbers). Strings over MAX_REDACT_STRING_LENGTH are cut first.
 * @example redactString('login failed: password=hunter2') // 'login failed: password=[Filtered]'
 */
export function redactString(s: string, options?: RedactOptions): string {
  return scrubString(s, matcherFor(options));
}

/**
 * `redactString` with its key matcher compiled once, for hot paths such as log lines.
 * @example const scrub = createStringRedactor({ keys: ['x-tenant-secret'] }); scrub('x-tenant-secret=abc')
 */
export function createStringRedactor(options?: RedactOptions): (s: string) => string {
  const isSecret = matcherFor(options);
  return (s) => scrubString(s, isSecret);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function scrubParams(params: string, isSecret: KeyMatcher): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return scrubString(pair, isSecret);
      const value = decodeSafe(pair.slice(eq + 1));
      const secret = isSecret(decodeSafe(pair.slice(0, eq))) || scrubString(value, isSecret) !== value;
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
  const isSecret = matcherFor(options);
  const s = truncate(url, MAX_REDACT_STRING_LENGTH);
  const hash = s.indexOf('#');
  const beforeHash = hash === -1 ? s : s.slice(0, hash);
  const q = beforeHash.indexOf('?');
  let out = scrubString(q === -1 ? beforeHash : beforeHash.slice(0, q), isSecret);
  if (q !== -1) out += `?${scrubParams(beforeHash.slice(q + 1), isSecret)}`;
  // OAuth implicit flow puts access_token in the fragment.
  if (hash !== -1) out += `#${scrubParams(s.slice(hash + 1), isSecret)}`;
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

/** Own-property assignment that treats '__proto__' as data, not as a prototype change. */
function setProp(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
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
  const isSecret = matcherFor(options);
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
    const clean = isSecret(lower) ? REDACTED : scrubString(value, isSecret);
    setProp(out, lower, Object.hasOwn(out, lower) ? `${out[lower]}, ${clean}` : clean);
  }
  return out;
}

// --- by key, deep --------------------------------------------------------------------------

interface Walk {
  isSecret: KeyMatcher;
  maxDepth: number;
  maxNodes: number;
  nodes: number;
  ancestors: Set<object>;
}

function entry(key: string, value: unknown, depth: number, w: Walk): unknown {
  if (w.isSecret(key)) return value === null || value === undefined ? value : REDACTED;
  return visit(value, depth + 1, w);
}

function copyArray(arr: readonly unknown[], depth: number, w: Walk): unknown[] {
  const len = safeGet(arr, 'length');
  const n = typeof len === 'number' ? len : 0;
  const first = safeGet(arr, 0);
  // Sentry allows headers, cookies and tags as [name, value] pairs (sentry-protocol.md §4.4).
  if (n === 2 && typeof first === 'string' && w.isSecret(first)) return [first, REDACTED];
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (++w.nodes > w.maxNodes) {
      out.push(TRUNCATED); // one marker: a sparse array may claim a length of 2**32 - 1
      break;
    }
    out.push(visit(safeGet(arr, i), depth + 1, w));
  }
  return out;
}

function copyObject(obj: object, depth: number, w: Walk): unknown {
  if (Array.isArray(obj)) return copyArray(obj, depth, w);
  if (obj instanceof Date) return new Date(obj.getTime());
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer || obj instanceof RegExp) return obj;
  if (obj instanceof Map || obj instanceof Set) {
    const pairs = copyArray([...obj].slice(0, w.maxNodes), depth, w) as unknown[];
    return obj instanceof Map ? new Map(pairs.filter(Array.isArray) as [unknown, unknown][]) : new Set(pairs);
  }
  const out: Record<string, unknown> = {};
  // Errors keep name/message/stack as non-enumerable own or inherited properties.
  const keys = isErrorLike(obj) ? ['name', 'message', 'stack', ...Object.keys(obj)] : Object.keys(obj);
  for (const key of keys) {
    const value = ++w.nodes > w.maxNodes ? TRUNCATED : entry(key, safeGet(obj, key), depth, w);
    if (value !== undefined || Object.hasOwn(obj, key)) setProp(out, key, value);
  }
  return out;
}

function visit(value: unknown, depth: number, w: Walk): unknown {
  if (typeof value === 'string') return scrubString(value, w.isSecret);
  if (value === null || typeof value !== 'object') return value;
  if (w.ancestors.has(value)) return CIRCULAR;
  if (depth > w.maxDepth) return MAX_DEPTH_MARKER;
  if (w.nodes > w.maxNodes) return TRUNCATED;
  w.ancestors.add(value);
  try {
    return copyObject(value, depth, w);
  } catch {
    return UNREADABLE; // a Proxy trap or an iterator threw
  } finally {
    w.ancestors.delete(value);
  }
}

/**
 * A redactor with its key matcher compiled once, for hot paths (one per client or route).
 * @example const scrub = createRedactor({ keys: ['x-tenant-secret', /^private_/] }); scrub(event)
 */
export function createRedactor(options: RedactOptions = {}): <T>(value: T) => T {
  const isSecret = matcherFor(options);
  const maxDepth = options.maxDepth ?? MAX_REDACT_DEPTH;
  const maxNodes = options.maxNodes ?? MAX_REDACT_NODES;
  return <T>(value: T): T =>
    visit(value, 1, { isSecret, maxDepth, maxNodes, nodes: 0, ancestors: new Set() }) as T;
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
