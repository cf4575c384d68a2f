/**
 * RFC 9457 problem details (https://www.rfc-editor.org/rfc/rfc9457). For a 5xx that was not
 * explicitly exposed the body says only what the status says, plus the ids the team needs
 * to find the incident: no message, stack, path, SQL, cause or category.
 */

import { type Classification, type ClassifyOptions, classify } from './classify.js';
import { errorMessage, errorTypeName } from './safe.js';
import { reasonPhrase } from './status-phrases.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The members Faultline writes; extension members are allowed (RFC 9457 §3.2). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  traceId?: string;
  /** Whether repeating the request later may succeed (429, 503 dependency, 504). */
  retryable?: boolean;
  /** Seconds, the same wait as the Retry-After header. */
  retryAfter?: number;
  [extension: string]: unknown;
}

export interface ProblemContext extends ClassifyOptions {
  /** The incident id the caller will quote: becomes `instance` and `requestId`. */
  requestId?: string;
  traceId?: string;
  /** Overrides `instance` (defaults to the request id). */
  instance?: string;
  /** A classification already made for this error (saves a second walk). */
  classification?: Classification;
  /** Development mode: show the message, type and category even for 5xx. Never in production. */
  exposeAll?: boolean;
}

// Generic sentences: they help the caller without saying anything about the server.
const GENERIC_DETAIL: Record<number, string> = {
  500: 'The server failed to complete the request. Quote the incident id when reporting it.',
  502: 'An upstream service returned an invalid response. Quote the incident id when reporting it.',
  503: 'The service is temporarily unavailable. Try again later.',
  504: 'An upstream service did not answer in time. Try again later.',
};

// Overload is the "don't retry at every layer" signal (SRE book ch. 21): only the caller
// directly above may come back, after Retry-After.
function isRetryable(c: Classification): boolean {
  if (c.status === 429) return true;
  if (c.category === 'overload') return false;
  return c.status === 503 || c.status === 504 || c.status === 408;
}

/**
 * The problem body for any thrown value.
 * @example
 * toProblem(new Error('password=hunter2'), { requestId: 'r-1' })
 * // → { type: 'about:blank', title: 'Internal Server Error', status: 500,
 * //     detail: 'The server failed to complete the request. ...', instance: 'r-1', requestId: 'r-1' }
 */
export function toProblem(error: unknown, ctx: ProblemContext = {}): ProblemDetails {
  const c = ctx.classification ?? classify(error, ctx);
  const exposed = c.expose || ctx.exposeAll === true;
  const problem: ProblemDetails = {
    type: exposed && c.type ? c.type : 'about:blank',
    title: exposed && c.title ? c.title : reasonPhrase(c.status),
    status: c.status,
  };
  const detail = c.expose ? c.detail : ctx.exposeAll ? errorMessage(c.source) : undefined;
  if (detail) problem.detail = detail;
  else if (GENERIC_DETAIL[c.status]) problem.detail = GENERIC_DETAIL[c.status];
  const instance = ctx.instance ?? ctx.requestId;
  if (instance) problem.instance = instance;
  if (ctx.requestId) problem.requestId = ctx.requestId;
  if (ctx.traceId) problem.traceId = ctx.traceId;
  if (c.status >= 500 || c.status === 429 || c.status === 408) problem.retryable = isRetryable(c);
  const retryAfter = Number(c.headers['retry-after']);
  if (Number.isFinite(retryAfter) && c.headers['retry-after'] !== '') problem.retryAfter = retryAfter;
  if (exposed && c.extensions) {
    for (const [k, v] of Object.entries(c.extensions)) if (!(k in problem)) problem[k] = v;
  }
  if (ctx.exposeAll) {
    problem.category = c.category;
    problem.errorType = errorTypeName(c.source);
  }
  return problem;
}
