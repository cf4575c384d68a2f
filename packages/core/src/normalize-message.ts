/**
 * Message parameterization for grouping: the variable parts of a message (ids, addresses,
 * numbers, times) become placeholders, so `User 42 not found` and `User 43 not found` group
 * together. Sentry's list and order (sentry-protocol.md §8.4; grouping/parameterization.py;
 * https://develop.sentry.dev/backend/application-domains/grouping/).
 *
 * Every pattern here is linear: each one starts only at the beginning of a token (a negative
 * lookbehind), so a long run of word characters is scanned once, not once per position; its
 * quantifiers are bounded or separated by a literal. The input is cut at MAX_MESSAGE_LENGTH
 * first. Road not taken: Sentry's top-100-TLD hostname pattern, which is a long alternation
 * that would make `file.js` a hostname; traceparents and git shas are covered by `<hex>`.
 */

import { MAX_MESSAGE_LENGTH } from './limits.js';

type Replacer = (match: string, ...groups: string[]) => string;

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}';
const TIME = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?';
const ZONE = '(?: ?(?:Z|UTC|GMT|[A-Z]{3,4})?[+-]\\d{2}:?\\d{2}| ?(?:Z|UTC|GMT))?';

/** Trailing punctuation that ends a sentence rather than a URL. */
const URL_TAIL = /[.,;:!?)\]}]+$/;

/** `0x…` ids, sha1/md5 and other 8–128-digit hex ids (only with a digit, so `deadbeef`-like
 * words stay), and 7-digit git shas (only when they mix letters and digits). */
function hexReplacer(match: string): string {
  if (/^0x/i.test(match)) return '<hex>';
  if (match.length > 128 || !/\d/.test(match)) return match;
  if (match.length === 7 && !/[a-f]/i.test(match)) return match;
  return '<hex>';
}

/** The table, in Sentry's order except that URLs go before emails (so `https://user@host/x`
 * is one `<url>`): the broad shapes go first so their parts are not turned into ints, and
 * ints go last because everything else contains digits. */
const RULES: ReadonlyArray<readonly [RegExp, string | Replacer]> = [
  [/(?<![\w+.-])[a-z][\w+.-]{0,30}:\/\/[^\s'"<>`]+/gi, (m) => `<url>${URL_TAIL.exec(m)?.[0] ?? ''}`],
  [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+/g, '<email>'],
  [/(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\w)/g, '<ip>'],
  // IPv6: validated in code, since a regex that rejects `12:30:45` but takes `::1` is not small.
  [/(?<![\w:.])[0-9a-f:]{2,39}(?![\w:])/gi, (m) => (isIpv6(m) ? '<ip>' : m)],
  [/(?<![\w-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/gi, '<uuid>'],
  // RFC 3339 / ISO 8601, RFC 822 (`Tue, 02 Jan 2024 15:04:05 GMT`), JS Date#toString
  // (`Tue Jan 02 2024 15:04:05 GMT+0000 (Coordinated Universal Time)`), then bare times.
  [new RegExp(`(?<!\\w)\\d{4}[-/]\\d{2}[-/]\\d{2}(?:[T ]${TIME})?${ZONE}(?![\\w:])`, 'g'), '<date>'],
  [
    new RegExp(
      `(?<!\\w)(?:${WEEKDAY},? )?(?:\\d{1,2} ${MONTH}|${MONTH} \\d{1,2}),? \\d{4}(?: ${TIME})?${ZONE}(?: \\([A-Za-z ]{1,64}\\))?(?!\\w)`,
      'g',
    ),
    '<date>',
  ],
  [new RegExp(`(?<![\\w:.])${TIME}(?: ?[AaPp][Mm])?(?![\\w:])`, 'g'), '<date>'],
  // Unix timestamps, seconds or milliseconds, 2001-2033: a bare 10/13-digit number is a time
  // far more often than an id.
  [/(?<![\w.])1\d{9}(?:\d{3})?(?:\.\d{1,9})?(?![\w.])/g, '<date>'],
  [
    /(?<![\w.])\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d| ?(?:nano|micro|milli)?seconds?| ?(?:secs?|mins?|minutes?|hours?|hrs?|days?))(?!\w)/g,
    '<duration>',
  ],
  [/(?<!\w)(?:0x[0-9a-f]+|[0-9a-f]{7,})(?!\w)/gi, hexReplacer],
  [/(?<![\w.])\d+\.\d+(?:e[+-]?\d+)?(?!\.?\w)/gi, '<float>'],
  [/(?<![\w.])\d+(?!\.?\w)/g, '<int>'],
  // Quoted values last, so `'a@b.c'` and `"42"` become one placeholder either way. Quotes
  // inside words (`can't`) are apostrophes, not quotes.
  [/(?<!\w)'[^'\n]*'(?!\w)/g, '<quoted>'],
  [/(?<!\w)"[^"\n]*"(?!\w)/g, '<quoted>'],
  [/(?<=\w=)(?:true|false)(?!\w)/gi, '<bool>'],
];

function isIpv6(candidate: string): boolean {
  const doubles = candidate.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = candidate.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4)) return false;
  // Without `::` an address has exactly 8 groups; that rejects times like `12:30:45`.
  return doubles === 1 ? groups.length <= 7 : groups.length === 8;
}

/**
 * Replaces the variable parts of a message with typed placeholders (`<email>`, `<url>`,
 * `<ip>`, `<uuid>`, `<hex>`, `<date>`, `<duration>`, `<float>`, `<int>`, `<quoted>`, and
 * `<bool>` for `key=true`), so messages that differ only in data group together. The input is
 * cut at MAX_MESSAGE_LENGTH; the work is linear in its length. Never throws.
 *
 * @example
 * normalizeMessage("User 42 (bob@example.com) not found after 1.5s: 'db-7'");
 * // "User <int> (<email>) not found after <duration>: <quoted>"
 */
export function normalizeMessage(message: string): string {
  if (typeof message !== 'string') return '';
  let out = message.length > MAX_MESSAGE_LENGTH ? message.slice(0, MAX_MESSAGE_LENGTH) : message;
  for (const [pattern, replacement] of RULES) {
    out =
      typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}
