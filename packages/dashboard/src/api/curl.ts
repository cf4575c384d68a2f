/**
 * "Copy as curl": the event's request as a shell command. Redacted values become placeholders
 * (`<redacted:authorization>`), so the command is safe to paste into a ticket and obviously
 * incomplete until filled in. Everything is single-quoted for POSIX shells, the only quoting
 * in which no character but `'` is special.
 */

import type { RequestData } from './event-data.js';
import { REDACTED, unredact } from './redaction.js';

/** Headers curl computes itself, or that would lie about a body we do not have verbatim. */
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** @example shellQuote("it's") // 'it'\''s' */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
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
