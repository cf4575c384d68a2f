/**
 * "Copy as curl": the event's request as a shell command. Redacted values become placeholders
 * (`<redacted:authorization>`), so the command is safe to paste into a ticket and obviously
 * incomplete until filled in. Words are single-quoted for POSIX shells, the only quoting in which
 * no character but `'` is special. Event data is the sender's choice and may hold control
 * characters: pasted raw, ESC starts terminal escape sequences, a tab triggers completion, a
 * newline runs the command early, bidi controls reorder what the reader sees. A word holding any
 * of them is written in ANSI-C quoting (`$'…'`: bash, zsh, ksh, POSIX.1-2024 sh) with each such
 * byte as a three-digit octal escape (`\033`), which the shell turns back into the same bytes, and
 * the copied text holds none of them. A NUL cannot be passed in any program argument: the shell
 * ends the word at `\000`.
 */

import type { RequestData } from './event-data.js';
import { REDACTED, unredact } from './redaction.js';

/** Headers curl computes itself, or that would lie about a body we do not have verbatim. */
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** C0 controls, DEL, C1 controls, and the invisible marks that reorder or break lines (LRM, RLM,
 * U+2028/2029, the bidi embeddings, overrides and isolates: Trojan Source, CVE-2021-42574). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const encoder = new TextEncoder();

/** `c` as octal escapes of its UTF-8 bytes: `\033` for ESC, `\342\200\256` for U+202E. */
function octalBytes(c: string): string {
  return [...encoder.encode(c)].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/**
 * One shell word that reads back as `s`: single-quoted, or ANSI-C quoted when `s` holds a
 * control character (see the module comment).
 * @example shellQuote("it's") // 'it'\''s'
 * @example shellQuote('a\u001b[2Jb') // $'a\033[2Jb'
 */
export function shellQuote(s: string): string {
  if (!UNSAFE.test(s)) return `'${s.replaceAll("'", "'\\''")}'`;
  const escaped = s.replace(/[\\']/g, (c) => `\\${c}`).replace(UNSAFE_ALL, octalBytes);
  return `$'${escaped}'`;
}

function urlWithQuery(request: RequestData): string {
  let url = request.url;
  const hasQuery = url.includes('?');
  if (hasQuery) {
    // A marker inside the URL's own query: name the placeholder after its parameter.
    const [path, query = ''] = url.split(/\?(.*)/s) as [string, string?];
    const parts = query.split('&').map((part) => {
      const eq = part.indexOf('=');
      return eq > 0 ? `${part.slice(0, eq + 1)}${unredact(part.slice(eq + 1), part.slice(0, eq))}` : part;
    });
    url = `${path}?${parts.join('&')}`;
  } else if (request.query.length > 0) {
    const query = request.query
      .map(
        ([k, v]) =>
          `${encodeURIComponent(k)}=${v.includes(REDACTED) ? unredact(v, k) : encodeURIComponent(v)}`,
      )
      .join('&');
    url = `${url}?${query}`;
  }
  return unredact(url, 'url');
}

/**
 * @example
 * toCurl({ method: 'GET', url: 'https://api.example/x', headers: [['authorization', '[Filtered]']],
 *   query: [], cookies: [], data: undefined })
 * // "curl -X GET 'https://api.example/x' -H 'authorization: <redacted:authorization>'"
 */
export function toCurl(request: RequestData): string {
  const parts = ['curl', '-X', shellQuote(request.method), shellQuote(urlWithQuery(request))];
  let hasCookieHeader = false;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (SKIPPED_HEADERS.has(lower)) continue;
    if (lower === 'cookie') hasCookieHeader = true;
    parts.push('-H', shellQuote(`${lower}: ${unredact(value, lower)}`));
  }
  if (!hasCookieHeader && request.cookies.length > 0) {
    const cookie = request.cookies.map(([k, v]) => `${k}=${unredact(v, `cookie.${k}`)}`).join('; ');
    parts.push('-H', shellQuote(`cookie: ${cookie}`));
  }
  if (request.data !== undefined) parts.push('--data-raw', shellQuote(unredact(request.data, 'body')));
  return parts.join(' ');
}
