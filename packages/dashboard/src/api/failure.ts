/**
 * A failed read as a page shows it: one short sentence a person can act on, and the detail
 * (HTTP status, the collector's `FL_` code, its own words) kept small beside it for whoever
 * reports the problem. Raw API text (method, path, JSON) never becomes the sentence.
 */

import { ApiError } from './api-error.js';

/** What the controller keeps of a failure: enough to choose the sentence and show the detail. */
export interface Failure {
  /** The HTTP status; undefined when the request never got an answer (network, offline). */
  status?: number;
  /** The problem's stable `code` (`FL_STORE_UNAVAILABLE`), when the collector sent one. */
  code?: string;
  /** The problem's own words, or the thrown error's message. */
  detail: string;
}

/**
 * @example
 * failureOf(new ApiError(503, 'Service Unavailable', 'GET', '/api/v1/issues', undefined, 'store down', 'FL_STORE_UNAVAILABLE'))
 * // { status: 503, code: 'FL_STORE_UNAVAILABLE', detail: 'store down' }
 */
export function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) return { status: error.status, code: error.code, detail: error.detail };
  if (error instanceof Error) return { detail: error.message };
  return { detail: String(error) };
}

/** The sentence for a status: what happened, in words, and what to do about it. */
function sentenceFor(failure: Failure, what: string): string {
  const { status } = failure;
  if (status === undefined)
    return `Could not load ${what}: the collector did not answer. Check the connection, then try again.`;
  if (status === 401) return `Could not load ${what}: the session has ended. Log in again.`;
  if (status === 403) return `This login may not see ${what}.`;
  if (status === 404) return `Could not find ${what}: it may have been deleted, or the link is wrong.`;
  if (status === 429) return `Too many requests for ${what} just now. Wait a moment, then try again.`;
  if (status === 503)
    return `Could not load ${what}: the collector is busy or its database is not answering. Try again in a moment.`;
  if (status >= 500)
    return `Could not load ${what}: the collector failed. Try again; if it keeps failing, its log says why.`;
  // A 4xx the collector explains (a malformed filter, say): its own words are the useful part.
  return `Could not load ${what}: ${failure.detail}`;
}

/**
 * @example
 * failureWords({ status: 503, code: 'FL_STORE_UNAVAILABLE', detail: 'store down' }, 'the issues')
 * // { sentence: 'Could not load the issues: the collector is busy…', detail: 'HTTP 503 · FL_STORE_UNAVAILABLE · store down' }
 */
export function failureWords(failure: Failure, what: string): { sentence: string; detail: string } {
  const parts = [
    failure.status === undefined ? 'no answer' : `HTTP ${failure.status}`,
    failure.code,
    failure.detail,
  ].filter((p): p is string => Boolean(p));
  return { sentence: sentenceFor(failure, what), detail: parts.join(' · ') };
}
