/**
 * Headers of an error response. Headers that came from an error object are data from
 * somewhere in the app or a library: a name that is not an HTTP token or a value with a
 * control character would make Node throw a second time while we answer the first error,
 * so those are dropped, and an error can't override the ones Faultline owns.
 */

import { PROBLEM_CONTENT_TYPE } from '@faultline/core';
import { MAX_ERROR_HEADER_VALUE, MAX_ERROR_HEADERS } from './limits.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// HTAB, visible ASCII and obs-text (RFC 9110 §5.5); no CR, LF or NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const OWNED = new Set([
  'content-type',
  'content-length',
  'x-request-id',
  'cache-control',
  'x-content-type-options',
]);

export function errorResponseHeaders(
  requestId: string,
  fromError: Record<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-request-id': requestId,
  };
  let count = 0;
  for (const [name, value] of Object.entries(fromError)) {
    if (count >= MAX_ERROR_HEADERS) break;
    const lower = name.toLowerCase();
    if (OWNED.has(lower) || !TOKEN.test(name)) continue;
    if (value.length > MAX_ERROR_HEADER_VALUE || !FIELD_VALUE.test(value)) continue;
    headers[lower] = value;
    count++;
  }
  return headers;
}

/** Response headers an app set before failing that must not describe the error body. */
export const STALE_ON_ERROR = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-disposition',
  'content-range',
  'etag',
  'last-modified',
  'transfer-encoding',
];
