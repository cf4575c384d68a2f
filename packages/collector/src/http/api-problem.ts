/**
 * The one error path of the collector's HTTP API (read API, session, /metrics, /health's
 * listener): handlers throw core's HttpError (its factories: `badRequest`, `notFound`, …) or let
 * any other error escape, and `sendProblem` answers it as an RFC 9457 problem with a stable
 * `code` member (docs/errors.md). Ingest keeps Sentry's `{"detail": …}` shape instead (SDKs
 * read it), through ingest/http-errors.ts.
 */

import type { ServerResponse } from 'node:http';
import {
  badRequest,
  contentTooLarge,
  HttpError,
  isFaultlineError,
  isHttpError,
  LimitExceededError,
  PROBLEM_CONTENT_TYPE,
  serviceUnavailable,
  toProblem,
} from '@faultline/core';
import { isStoreUnavailable } from '../store/store-errors.js';

/** The `code` of a problem by its status, when the error names none of its own. */
export const API_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'FL_API_BAD_REQUEST',
  401: 'FL_API_UNAUTHORIZED',
  403: 'FL_API_FORBIDDEN',
  404: 'FL_API_NOT_FOUND',
  405: 'FL_API_METHOD_NOT_ALLOWED',
  409: 'FL_API_CONFLICT',
  413: 'FL_API_TOO_LARGE',
  415: 'FL_API_UNSUPPORTED_MEDIA_TYPE',
  429: 'FL_API_TOO_MANY_REQUESTS',
  500: 'FL_API_INTERNAL',
  503: 'FL_API_UNAVAILABLE',
};

/** What a 500 says: never the error's own message (ARCHITECTURE.md, security stance). */
const INTERNAL_DETAIL = 'the collector failed to answer; see its log';

/**
 * The answer for a store that cannot answer now: 503, Retry-After, code FL_STORE_UNAVAILABLE.
 * @example sendProblem(res, storeUnavailable(DEFAULT_STORE_RETRY_AFTER_S, error))
 */
export function storeUnavailable(retryAfterS: number, cause?: unknown): HttpError {
  return serviceUnavailable('the store is unavailable; try again later', {
    expose: true,
    retryAfter: retryAfterS,
    extensions: { code: 'FL_STORE_UNAVAILABLE' },
    cause,
  });
}

const hasCode = (value: unknown, code: string) => isFaultlineError(value) && value.code === code;

/**
 * A rule the API cannot accept, 400 with the field it names (`channels[1].url`): FL_ALERT_RULE,
 * or FL_OUTBOUND_REFUSED when the SSRF guard refused the field's URL (the fix is then the
 * operator's allow list, not the rule's JSON).
 */
function alertRuleProblem(error: Error & { field?: unknown }): HttpError {
  const code = hasCode(error.cause, 'FL_OUTBOUND_REFUSED') ? 'FL_OUTBOUND_REFUSED' : 'FL_ALERT_RULE';
  return badRequest(error.message, { cause: error, extensions: { code, field: error.field } });
}

/**
 * Any thrown value as the HttpError to answer: HttpErrors as they are; an unavailable store
 * 503 with its Retry-After; an alert rule or silence that cannot be accepted (AlertRuleError,
 * SilenceError: FL_SILENCE with its `field`) or a URL the
 * SSRF guard refuses (OutboundRefusedError) 400 with their own codes; a passed bound 413 and
 * malformed input 400 (core's ParseError); a JSON nesting past the bound is a shape problem,
 * 400; anything else a 500 that says nothing.
 * @example toApiError(new StoreUnavailableError('timeout', 'slow')).status // 503
 */
export function toApiError(error: unknown): HttpError {
  if (isHttpError(error)) return error;
  if (isStoreUnavailable(error)) return storeUnavailable(error.retryAfterS, error);
  if (hasCode(error, 'FL_ALERT_RULE')) return alertRuleProblem(error as Error);
  if (hasCode(error, 'FL_SILENCE'))
    return badRequest((error as Error).message, {
      cause: error,
      extensions: { code: 'FL_SILENCE', field: (error as Error & { field?: unknown }).field },
    });
  if (hasCode(error, 'FL_OUTBOUND_REFUSED'))
    return badRequest((error as Error).message, {
      cause: error,
      extensions: { code: 'FL_OUTBOUND_REFUSED' },
    });
  if (error instanceof LimitExceededError && error.limit !== 'MAX_JSON_DEPTH')
    return contentTooLarge(error.message, { cause: error });
  if (isFaultlineError(error) && (error.code === 'FL_PARSE' || error.code === 'FL_LIMIT_EXCEEDED'))
    return new HttpError(400, error.message, { cause: error });
  return new HttpError(500, INTERNAL_DETAIL, { expose: true, cause: error });
}

/**
 * Answers `error` as application/problem+json with its headers (Retry-After,
 * WWW-Authenticate…) and a `code`; a response already started is cut instead. `shape` serves
 * clients that read another error body (sentry-cli prints only `{"detail": …}` sent as
 * application/json): it gets the problem document and returns the body and its type.
 * @example sendProblem(res, notFound('issue not found'))
 */
export function sendProblem(
  res: ServerResponse,
  error: unknown,
  shape: (problem: Record<string, unknown>) => { body: unknown; contentType: string } = (problem) => ({
    body: problem,
    contentType: PROBLEM_CONTENT_TYPE,
  }),
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const e = toApiError(error);
  const problem = toProblem(e);
  const own = e.extensions?.code;
  problem.code = typeof own === 'string' ? own : (API_ERROR_CODES[e.status] ?? `FL_API_${e.status}`);
  const { body, contentType } = shape(problem as Record<string, unknown>);
  const text = JSON.stringify(body);
  res.writeHead(e.status, {
    ...e.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
