/**
 * The one path every adapter sends an error down: classify → problem body → log → hook →
 * reporter.
 * Adapters only translate their framework's request and response to and from this.
 */

import { classify, type ProblemDetails, reasonPhrase, toProblem } from '@faultline/core';
import type { ErrorReport } from './error-report.js';
import { buildLogEntry, buildRepeatEntry, logMessage, repeatMessage } from './log-entry.js';
import type { RequestScope } from './request-scope.js';
import type { ResolvedFaultline } from './resolved.js';
import { errorResponseHeaders } from './response-headers.js';

/** What an adapter knows about the failed request. */
export interface ErrorContext {
  scope: RequestScope;
  method: string;
  /** The raw URL (path and query); scrubbed before it is logged. */
  url: string;
  /** The route template, if the framework matched one. */
  route?: string | undefined;
  framework: string;
}

/** What the adapter sends back. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  problem: ProblemDetails;
}

function stringify(problem: ProblemDetails): string {
  try {
    return JSON.stringify(problem);
  } catch {
    // Exposed extension members came from the app and may not serialize (a BigInt, a cycle).
    const { type, title, status, detail, instance, requestId, traceId } = problem;
    return JSON.stringify({ type, title, status, detail, instance, requestId, traceId });
  }
}

function report(fl: ResolvedFaultline, r: ErrorReport, scope: RequestScope): void {
  const severe = r.status >= 500 || r.afterHeadersSent;
  const level = severe ? 'error' : fl.clientErrorLevel;
  try {
    // Under a storm of one error, its full line (stack, causes) is written once per window.
    const repeat = severe ? fl.logRepeats?.note(r) : undefined;
    if (repeat === undefined) fl.logger[level](buildLogEntry(fl, r), logMessage(r));
    else fl.logger[level](buildRepeatEntry(fl, r, repeat), repeatMessage(r, repeat));
  } catch {
    // A logger that throws must not turn one failure into two.
  }
  if (fl.onError) {
    try {
      fl.onError(r);
    } catch {
      // The hook is the application's; its failure is not the caller's problem.
    }
  }
  if (fl.reporter) {
    try {
      // O(1): queues a task; the event is built after the response is written.
      fl.reporter.captureReport(r, scope);
    } catch {
      // never reached (captureReport does not throw); the request path must not depend on it
    }
  }
}

function makeReport(
  fl: ResolvedFaultline,
  error: unknown,
  ctx: ErrorContext,
  afterHeadersSent: boolean,
): ErrorReport {
  const classification = classify(error, { classifiers: fl.classifiers });
  const { scope } = ctx;
  scope.category = classification.category;
  const problem = toProblem(error, {
    classification,
    requestId: scope.requestId,
    traceId: scope.traceId,
    exposeAll: fl.expose,
  });
  return {
    error,
    classification,
    problem,
    requestId: scope.requestId,
    traceId: scope.traceId,
    spanId: scope.spanId,
    parentSpanId: scope.parentSpanId,
    method: ctx.method,
    route: ctx.route ?? scope.route,
    url: fl.scrubUrl(ctx.url),
    status: classification.status,
    durationMs: scope.elapsedMs(),
    framework: ctx.framework,
    afterHeadersSent,
  };
}

/** Turns an error into the response to send, and logs and reports it. Never throws. */
export function handleError(fl: ResolvedFaultline, error: unknown, ctx: ErrorContext): ErrorResponse {
  try {
    const r = makeReport(fl, error, ctx, false);
    report(fl, r, ctx.scope);
    return {
      status: r.status,
      headers: errorResponseHeaders(r.requestId, r.classification.headers),
      body: stringify(r.problem),
      problem: r.problem,
    };
  } catch {
    // Last resort: something in our own path failed; still answer a safe 500.
    const problem = {
      type: 'about:blank',
      title: reasonPhrase(500),
      status: 500,
      instance: ctx.scope.requestId,
    };
    return {
      status: 500,
      headers: errorResponseHeaders(ctx.scope.requestId, {}),
      body: JSON.stringify(problem),
      problem,
    };
  }
}

/**
 * An error after the response started (headers or part of the body are out). Nothing can
 * be sent any more; it is logged and reported, and the adapter cuts the connection so the
 * caller sees a failed response instead of a truncated one that looks complete.
 */
export function handleLateError(fl: ResolvedFaultline, error: unknown, ctx: ErrorContext): void {
  ctx.scope.failedLate = true;
  try {
    report(fl, makeReport(fl, error, ctx, true), ctx.scope);
  } catch {
    // nothing left to do
  }
}
