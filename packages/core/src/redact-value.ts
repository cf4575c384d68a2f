/**
 * Redaction "by value": secrets recognisable inside any string (credentials in URLs, `key=value`
 * pairs, Bearer/Basic, JWTs, Luhn-valid card numbers). Five passes, each behind a cheap test
 * that is true whenever its pass could change the string, so the common string (a file name, a
 * function name, a line of code, a breadcrumb) costs a few substring searches instead of five
 * global regex scans. A skipped pass is one that would have replaced nothing: the output is the
 * same as running all five.
 *
 * Every regex has bounded quantifiers or a literal anchor, so the work is linear in the input.
 */

import { MAX_REDACT_STRING_LENGTH } from './limits.js';
import { letterBit, type SecretKeys } from './redact-keys.js';
import { truncate } from './safe.js';

/** The marker Sentry writes in place of scrubbed values. */
export const REDACTED = '[Filtered]';

// `scheme://user:password@`: anchored on '://'; the password runs to the last '@' (RFC 3986 §3.2.1).
const URL_USERINFO = /(:\/\/[^\s/?#@:]{0,256}:)[^\s/?#]{1,256}@/g;
// key=value / key: value / "key": "value" / key = 'value'; the key decides, see scrubPairs.
const KEY_VALUE =
  /(["']?)([A-Za-z_][\w.-]{0,63})\1([ \t]{0,8}[=:][ \t]{0,8})("[^"\n]{0,1024}"|'[^'\n]{0,1024}'|(?:(?:bearer|basic|digest|token)[ \t]+)?[^\s&,;'"]{1,1024})/gi;
// KEY_VALUE's shape read backwards from a separator: at most 8 blanks, a quote, a key of at most
// 64 characters of [\w.-].
const MAX_PAIR_BLANKS = 8;
const MAX_PAIR_KEY_LENGTH = 64;
// RFC 6750 Bearer tokens and RFC 7617 Basic credentials.
const AUTH_SCHEME = /\b(bearer|basic)([ \t]+)([\w.~+/-]+=*)/gi;
const AUTH_WORD = /bearer|basic/i;
// Runs of base64url plus '.', scanned whole for `eyJ....eyJ....sig` (RFC 7519 JWTs).
const TOKEN_RUN = /[\w.-]{16,}/g;
// 13-19 digits, optionally grouped by spaces or dashes; major issuers start with 2-6.
const CARD_NUMBER = /\b[2-6](?:[ -]?\d){12,18}\b/g;
const HAS_CARD_NUMBER = /\b[2-6](?:[ -]?\d){12,18}\b/;

// `token.js:10:5` in a stack trace is a file position, not a secret: keys that end in a source
// file extension are never secret.
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|php|rs|cs|swift|json|vue|svelte)$/i;

/** Replaces values of secret keys inside free text, rescanning values of other keys. */
function scrubPairs(s: string, keys: SecretKeys): string {
  let out = '';
  let last = 0;
  KEY_VALUE.lastIndex = 0;
  for (let m = KEY_VALUE.exec(s); m; m = KEY_VALUE.exec(s)) {
    const value = m[4] ?? '';
    const valueStart = m.index + m[0].length - value.length;
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    const key = m[2] ?? '';
    if (keys.isSecret(key) && !SOURCE_FILE.test(key) && !value.startsWith(`${quote}${REDACTED}`)) {
      out += `${s.slice(last, valueStart)}${quote}${REDACTED}${quote}`;
      last = KEY_VALUE.lastIndex;
    } else KEY_VALUE.lastIndex = valueStart; // the value may itself hold `password=…`
  }
  return last === 0 ? s : out + s.slice(last);
}

/** [\w.-] in a non-unicode regex: ASCII letters, digits, '_', '.', '-'. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45
  );
}

/** Could the key of a KEY_VALUE match ending its separator at `sep` be secret? */
function secretKeyBefore(s: string, sep: number, keys: SecretKeys): boolean {
  let end = sep;
  for (let blanks = 0; blanks < MAX_PAIR_BLANKS && end > 0; blanks++) {
    const c = s.charCodeAt(end - 1);
    if (c !== 32 && c !== 9) break;
    end--;
  }
  const q = s.charCodeAt(end - 1);
  if (q === 34 || q === 39) end--;
  let start = end;
  let letters = 0;
  for (; start > 0 && end - start < MAX_PAIR_KEY_LENGTH; start--) {
    const c = s.charCodeAt(start - 1);
    if (!isKeyChar(c)) break;
    letters |= letterBit(c);
  }
  // Every match's key is a suffix of this run, so a secret one makes the run's text suspect.
  return start < end && keys.lettersMayMatch(letters) && keys.mayContainSecretKey(s.slice(start, end));
}

/** False when no `key=value` / `key: value` pair in `s` can have a secret key. */
function mayHaveSecretPair(s: string, keys: SecretKeys): boolean {
  for (const sep of ['=', ':']) {
    for (let i = s.indexOf(sep); i !== -1; i = s.indexOf(sep, i + 1))
      if (secretKeyBefore(s, i, keys)) return true;
  }
  return false;
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

/**
 * One string scrubbed by value (cut to MAX_REDACT_STRING_LENGTH first). Returns `s` itself when
 * nothing changed.
 * @example scrubString('password=x', secretKeysFor(undefined)) // 'password=[Filtered]'
 */
export function scrubString(s: string, keys: SecretKeys): string {
  let out = truncate(s, MAX_REDACT_STRING_LENGTH);
  if (out.includes('://')) out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  if (mayHaveSecretPair(out, keys)) out = scrubPairs(out, keys);
  if (AUTH_WORD.test(out)) out = out.replace(AUTH_SCHEME, scrubAuthScheme);
  if (out.includes('eyJ')) out = out.replace(TOKEN_RUN, scrubJwts);
  if (HAS_CARD_NUMBER.test(out))
    out = out.replace(CARD_NUMBER, (m) => (luhnValid(m.replace(/\D/g, '')) ? REDACTED : m));
  return out;
}
