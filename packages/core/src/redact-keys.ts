/**
 * Which keys are secret (redaction "by key", redact.ts), compiled once per key list. Event keys
 * repeat endlessly (`filename`, `lineno`, `data`…), so each compiled list memoises its verdicts.
 * Also a cheap necessary test, `mayContainSecretKey`, that lets the `key=value` scan of a string
 * be skipped when no key-like text in it could be secret (redact-value.ts).
 */

import {
  MAX_REDACT_CACHED_KEY_LENGTH,
  MAX_REDACT_KEY_CACHE_ENTRIES,
  MAX_REDACT_KEY_LENGTH,
} from './limits.js';

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

/** Extra keys of a redactor: strings match normalised and whole, RegExps test the raw key. */
export type ExtraKeys = readonly (string | RegExp)[];

export interface SecretKeys {
  /** True when values under `key` are replaced. */
  isSecret(key: string): boolean;
  /**
   * False only when no substring of `text` can be a secret key, so a scan for `key=value` pairs
   * in it would replace nothing. Always true when the list holds a RegExp (it may match anything).
   */
  mayContainSecretKey(text: string): boolean;
  /**
   * The first, cheaper half of `mayContainSecretKey`: false when no secret word or name has all
   * its letters in `letters` (a `letterBit` mask of the text).
   */
  lettersMayMatch(letters: number): boolean;
}

/**
 * The bit of an ASCII letter (either case) in a 26-bit mask; 0 for any other code unit.
 * @example letterBit('A'.charCodeAt(0)) === letterBit('a'.charCodeAt(0)) // true
 */
export function letterBit(code: number): number {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 << ((code | 32) - 97) : 0;
}

function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= letterBit(text.charCodeAt(i));
  return mask;
}

/** Lower case, without '-', '_' and white space; only the first MAX_REDACT_KEY_LENGTH chars. */
export function normalizeKey(key: string): string {
  return key
    .slice(0, MAX_REDACT_KEY_LENGTH)
    .toLowerCase()
    .replace(/[-_\s]/g, '');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `fn` with a bounded memo for short keys (cleared when full). */
function memoised(fn: (key: string) => boolean): (key: string) => boolean {
  const memo = new Map<string, boolean>();
  return (key) => {
    if (key.length > MAX_REDACT_CACHED_KEY_LENGTH) return fn(key);
    let verdict = memo.get(key);
    if (verdict === undefined) {
      verdict = fn(key);
      if (memo.size >= MAX_REDACT_KEY_CACHE_ENTRIES) memo.clear();
      memo.set(key, verdict);
    }
    return verdict;
  };
}

/**
 * The secret-key tests for the default list plus `extra`.
 * @example compileSecretKeys(['x-tenant-id', /^internal/]).isSecret('X_Tenant_Id') // true
 */
export function compileSecretKeys(extra: ExtraKeys = []): SecretKeys {
  const names = new Set(SECRET_NAMES);
  const patterns: RegExp[] = [];
  for (const k of extra) {
    if (typeof k === 'string') names.add(normalizeKey(k));
    // Drop g/y: their lastIndex state would make test() alternate between true and false.
    else if (k instanceof RegExp) patterns.push(new RegExp(k.source, k.flags.replace(/[gy]/g, '')));
  }
  const isSecret = memoised((key) => {
    const n = normalizeKey(key);
    if (names.has(n) || SECRET_WORDS.some((w) => n.includes(w))) return true;
    const bounded = key.slice(0, MAX_REDACT_KEY_LENGTH);
    return patterns.some((p) => p.test(bounded));
  });
  // A secret key's normalised form contains a word or equals a name, so the normalised text
  // around it contains that word or name as a substring, and the text has all of its letters.
  // An empty name would match any text.
  const needles = [...SECRET_WORDS, ...names];
  const anyNeedle = new RegExp(needles.map(escapeRegExp).join('|'));
  const needleLetters = [...new Set(needles.map(letterMask))];
  const anything = patterns.length > 0 || names.has('');
  const lettersMayMatch = (letters: number) =>
    anything || needleLetters.some((needle) => (needle & letters) === needle);
  const mayContainSecretKey = (text: string) =>
    anything ||
    (lettersMayMatch(letterMask(text)) && anyNeedle.test(text.toLowerCase().replace(/[-_\s]/g, '')));
  return { isSecret, mayContainSecretKey, lettersMayMatch };
}

const DEFAULT_KEYS = compileSecretKeys();
/** Compiled lists by the array given: a caller passing the same options on every request (a
 * URL or headers scrubbed per error) compiles its list once, not per call. */
const COMPILED = new WeakMap<ExtraKeys, SecretKeys>();

/**
 * The compiled default list (shared, so its memo is too) for no extra keys, or the list compiled
 * for `extra`, once per array: a list is read when first seen, so a changed list is a new array.
 * @example secretKeysFor(undefined).isSecret('password') // true
 */
export function secretKeysFor(extra: ExtraKeys | undefined): SecretKeys {
  if (extra === undefined || extra.length === 0) return DEFAULT_KEYS;
  let keys = COMPILED.get(extra);
  if (keys === undefined) {
    keys = compileSecretKeys(extra);
    COMPILED.set(extra, keys);
  }
  return keys;
}
