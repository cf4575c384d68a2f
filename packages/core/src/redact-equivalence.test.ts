// The fast paths of redaction (gated passes in redact-value.ts, memoised keys in redact-keys.ts,
// the sharing walk of createJsonRedactor) must change nothing but speed. The oracle below is
// the by-value scrubber as it was before the gates (every pass on every string, no memo),
// kept verbatim; seeded random inputs built from the tokens that trigger each pass are run
// through both.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { MAX_REDACT_KEY_LENGTH, MAX_REDACT_STRING_LENGTH } from './limits.js';
import {
  createJsonRedactor,
  createRedactor,
  createStringRedactor,
  REDACTED,
  type RedactOptions,
} from './redact.js';
import { truncate } from './safe.js';
import { seededRandom } from './seeded-random.js';

// --- the oracle: the ungated scrubber ----------------------------------------------------

// biome-ignore format: a word list reads better packed
const SECRET_WORDS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'authorization',
  'cookie', 'session', 'sessid', 'csrf', 'xsrf', 'credential', 'privatekey', 'accesskey',
  'signature', 'creditcard', 'cardnumber',
];
const SECRET_NAMES = ['auth', 'pass', 'sid', 'connect.sid', 'jwt', 'otp', 'cvv', 'cvc'];
const normalizeKey = (key: string) =>
  key
    .slice(0, MAX_REDACT_KEY_LENGTH)
    .toLowerCase()
    .replace(/[-_\s]/g, '');

function oracleMatcher(extra: readonly (string | RegExp)[] = []): (key: string) => boolean {
  const names = new Set(SECRET_NAMES);
  const patterns: RegExp[] = [];
  for (const k of extra) {
    if (typeof k === 'string') names.add(normalizeKey(k));
    else patterns.push(new RegExp(k.source, k.flags.replace(/[gy]/g, '')));
  }
  return (key) => {
    const n = normalizeKey(key);
    if (names.has(n) || SECRET_WORDS.some((w) => n.includes(w))) return true;
    const bounded = key.slice(0, MAX_REDACT_KEY_LENGTH);
    return patterns.some((p) => p.test(bounded));
  };
}

const URL_USERINFO = /(:\/\/[^\s/?#@:]{0,256}:)[^\s/?#]{1,256}@/g;
const KEY_VALUE =
  /(["']?)([A-Za-z_][\w.-]{0,63})\1([ \t]{0,8}[=:][ \t]{0,8})("[^"\n]{0,1024}"|'[^'\n]{0,1024}'|(?:(?:bearer|basic|digest|token)[ \t]+)?[^\s&,;'"]{1,1024})/gi;
const AUTH_SCHEME = /\b(bearer|basic)([ \t]+)([\w.~+/-]+=*)/gi;
const TOKEN_RUN = /[\w.-]{16,}/g;
const CARD_NUMBER = /\b[2-6](?:[ -]?\d){12,18}\b/g;
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|php|rs|cs|swift|json|vue|svelte)$/i;

function scrubPairs(s: string, isSecret: (key: string) => boolean): string {
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
    } else KEY_VALUE.lastIndex = valueStart;
  }
  return last === 0 ? s : out + s.slice(last);
}

function scrubAuthScheme(match: string, scheme: string, space: string, token: string): string {
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
      i += 2;
    } else out.push(seg);
  }
  return out.join('.');
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function oracleScrub(s: string, isSecret: (key: string) => boolean): string {
  let out = truncate(s, MAX_REDACT_STRING_LENGTH);
  out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  out = scrubPairs(out, isSecret);
  out = out.replace(AUTH_SCHEME, scrubAuthScheme);
  out = out.replace(TOKEN_RUN, scrubJwts);
  return out.replace(CARD_NUMBER, (m) => (luhnValid(m.replace(/\D/g, '')) ? REDACTED : m));
}

// --- seeded inputs -----------------------------------------------------------------------

const rng = seededRandom;

// Pieces of secrets and near misses: split words ('pass' '_' 'word'), separators with blanks
// and quotes, long runs (the 64-character key bound), schemes, JWT segments, card numbers.
// biome-ignore format: a token list reads better packed
const TOKENS = [
  'password', 'Pass', 'pass', 'word', '_', '-', '.', 'api', 'KEY', 'key', 'sid', 'Sid', 'x', 'token',
  'Token', 'auth', 'author', 'Authorization', 'session', 'cvv', 'jwt', 'otp', 'connect', 'tenant',
  'internal', 'inside', 'side', 'const', 'await', 'db.get(req.params.id);', 'a'.repeat(30), 'b'.repeat(57),
  '=', ':', ' = ', ': ', ' ', '        ', '\t', '"', "'", '\n', '&', ',', ';', '?', '/', '@', '://',
  'https://', 'u:p@host', 'Bearer ', 'bearer\t', 'Basic ', 'basic ', 'dXNlcjpwYXNz', 'digest ',
  'eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxIn0', 'SflKxwRJSMeKKF2QT4fw', 'eyJ', '4111 1111 1111 1111',
  '5555-5555-5555-4444', '378282246310005', '4111111111111112', '1234567890123', '2026', '42', '9',
  'token.js', 'app.py', REDACTED, `"${REDACTED}"`, 'İ', 'ſ', 'é', '\u212a',
];

function randomString(r: () => number): string {
  let s = '';
  const n = 1 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) s += TOKENS[Math.floor(r() * TOKENS.length)];
  return s;
}

// biome-ignore format: a key list reads better packed
const KEYS = [
  'message', 'filename', 'function', 'data', 'url', 'headers', 'password', 'api_key', 'X-Api-Key',
  'Authorization', 'author', 'tenant_id', 'internalNote', 'frames', 'vars', 'user', 'id', 'value',
  '__proto__', 'cookies', 'sid', 'query', 'extra',
];

function randomJson(r: () => number, depth: number): unknown {
  const kind = r();
  if (depth > 4 || kind < 0.35) return randomString(r);
  if (kind < 0.42) return Math.floor(r() * 1e6);
  if (kind < 0.45) return r() < 0.5;
  if (kind < 0.48) return null;
  if (kind < 0.55) return [KEYS[Math.floor(r() * KEYS.length)], randomString(r)]; // a [name, value] pair
  if (kind < 0.75) return Array.from({ length: Math.floor(r() * 5) }, () => randomJson(r, depth + 1));
  const n = Math.floor(r() * 6);
  // Through JSON text, as ingest gets it: '__proto__' is then an own data property.
  const entries = Array.from({ length: n }, () => [
    KEYS[Math.floor(r() * KEYS.length)] as string,
    randomJson(r, depth + 1),
  ]);
  return JSON.parse(JSON.stringify(Object.fromEntries(entries)));
}

const OPTIONS: RedactOptions[] = [
  {},
  { keys: ['x-tenant-id', 'ssn'] },
  { keys: ['tenant', /^int/g] },
  { keys: [''] },
  { maxNodes: 9 },
  { maxDepth: 3 },
];

// --- the tests ---------------------------------------------------------------------------

describe('redaction fast paths match the ungated scrubber', () => {
  test('strings: 20,000 seeded strings per option set give byte-identical results', () => {
    for (const [i, options] of OPTIONS.entries()) {
      const r = rng(1000 + i);
      const fast = createStringRedactor(options);
      const oracle = oracleMatcher(options.keys);
      for (let n = 0; n < 20_000; n++) {
        const s = randomString(r);
        assert.equal(fast(s), oracleScrub(s, oracle), JSON.stringify({ s, options: String(options.keys) }));
      }
    }
  });

  test('edges of the key=value gate: split words, blanks, quotes and the 64-character key', () => {
    const cases = [
      'pass_word=x',
      'PASS-WORD: x',
      'x-api-key="y"',
      "'api_key' = 'y'",
      `password${' '.repeat(8)}=x`,
      `password${' '.repeat(9)}=x`,
      `${'a'.repeat(56)}password=x`,
      `${'a'.repeat(57)}password=x`,
      `password${'a'.repeat(56)}=x`,
      `password${'a'.repeat(57)}=x`,
      `_${'a'.repeat(55)}password=x`,
      'a=password=x',
      'xsid=1 sid=2',
      'connect.sid=s%3Aabc',
      'token.js:10:5',
      `password=${REDACTED}`,
      'id:42 otp:123456',
    ];
    const fast = createStringRedactor();
    const oracle = oracleMatcher();
    for (const s of cases) assert.equal(fast(s), oracleScrub(s, oracle), s);
    assert.equal(fast('pass_word=x'), `pass_word=${REDACTED}`);
    assert.equal(fast(`password${' '.repeat(9)}=x`), `password${' '.repeat(9)}=x`);
  });

  test('JSON: createJsonRedactor equals createRedactor, never mutates, and shares what needs no change', () => {
    for (const [i, options] of OPTIONS.entries()) {
      const r = rng(2000 + i);
      const copy = createRedactor(options);
      const share = createJsonRedactor(options);
      for (let n = 0; n < 1500; n++) {
        const input = randomJson(r, 0);
        const before = structuredClone(input);
        const shared = share(input);
        assert.deepEqual(shared, copy(input));
        assert.deepEqual(input, before, 'the input is not mutated');
        if (isDeepStrictEqual(shared, input)) assert.equal(shared, input, 'nothing changed: no copy');
      }
    }
  });

  test('JSON: only the path to a change is copied', () => {
    const input = {
      exception: { values: [{ type: 'Error', stacktrace: { frames: [{ filename: 'a.js' }] } }] },
      request: { headers: { authorization: 'Bearer abc', accept: '*/*' }, url: '/x' },
    };
    const out = createJsonRedactor()(input);
    assert.equal(out.exception, input.exception);
    assert.notEqual(out.request, input.request);
    assert.notEqual(out.request.headers, input.request.headers);
    assert.equal(out.request.headers.authorization, REDACTED);
    assert.equal(input.request.headers.authorization, 'Bearer abc');
  });

  test('JSON: non-plain values inside are copied as redact copies them', () => {
    class Box {
      token = 'x';
      ok = 1;
    }
    const date = new Date(0);
    const input = { box: new Box(), when: date, err: new Error('password=hunter2'), list: [1] };
    const out = createJsonRedactor()(input) as unknown as Record<string, unknown>;
    assert.deepEqual(out, createRedactor()(input));
    assert.equal(Object.getPrototypeOf(out.box), Object.prototype);
    assert.notEqual(out.when, date);
    assert.equal(out.list, input.list);
  });
});
