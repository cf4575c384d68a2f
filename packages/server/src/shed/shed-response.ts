/**
 * The answer to a shed request: 503 problem+json, category `overload`, built by core's
 * classify/toProblem like every other Faultline body, with a jittered Retry-After and no
 * detail (the status says it; the body stays small because it is sent by a busy server).
 */

import { type Classification, classify, toProblem } from '@faultline/core';
import type { ErrorResponse } from '../handle-error.js';
import type { RequestScope } from '../request-scope.js';
import { errorResponseHeaders } from '../response-headers.js';
import { LoadShedError } from './load-shed-error.js';

const SHED_ERROR = new LoadShedError();
// The application's classifiers are not asked: a shed request never reached its code.
const SHED_CLASSIFICATION: Classification = { ...classify(SHED_ERROR), rule: 'shed' };

/**
 * @example shedResponse(scope, 5, false) // → { status: 503, headers: { 'retry-after': '5', ... }, body: '{"type":"about:blank",...}' }
 */
export function shedResponse(scope: RequestScope, retryAfterSeconds: number, expose: boolean): ErrorResponse {
  const retryAfter = String(retryAfterSeconds);
  const problem = toProblem(SHED_ERROR, {
    classification: { ...SHED_CLASSIFICATION, headers: { 'retry-after': retryAfter } },
    requestId: scope.requestId,
    traceId: scope.traceId,
    exposeAll: expose,
  });
  delete problem.detail;
  return {
    status: problem.status,
    headers: errorResponseHeaders(scope.requestId, { 'retry-after': retryAfter }),
    body: JSON.stringify(problem),
    problem,
  };
}
