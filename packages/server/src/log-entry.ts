/**
 * One structured log line per handled error: what the team needs to find and fix it, with
 * secrets scrubbed. 5xx carry the stack and cause chain; 4xx only type and message.
 * Every field is either ours (ids, status, category, numbers, config), a route template,
 * or scrubbed on the way in (URL, messages, stacks); see serialize-error.ts.
 */

import type { ErrorReport } from './error-report.js';
import type { Repeat } from './log-repeats.js';
import type { ResolvedFaultline } from './resolved.js';

export function buildLogEntry(fl: ResolvedFaultline, r: ErrorReport): Record<string, unknown> {
  const withStack = r.status >= 500 || r.afterHeadersSent;
  const entry: Record<string, unknown> = {
    requestId: r.requestId,
    traceId: r.traceId,
    spanId: r.spanId,
    method: r.method,
    route: r.route,
    url: r.url,
    status: r.status,
    category: r.classification.category,
    rule: r.classification.rule,
    durationMs: r.durationMs,
    framework: r.framework,
    // Not `err`: pino's default serializer for `err` would replace our `type` with "Object".
    error: fl.serializeError(r.error, withStack),
  };
  if (r.parentSpanId) entry.parentSpanId = r.parentSpanId;
  if (r.afterHeadersSent) entry.afterHeadersSent = true;
  if (fl.service) entry.service = fl.service;
  if (fl.release) entry.release = fl.release;
  entry.environment = fl.environment;
  return entry;
}

/**
 * The human line: route template, never the raw URL (it may hold ids or tokens). ASCII only
 * ('->', not an arrow): one non-ASCII character makes the line, and the logger's buffer it is
 * appended to, a two-byte string, which cost pino 2 to 10 µs more per line.
 */
export function logMessage(r: ErrorReport): string {
  const where = `${r.method} ${r.route ?? '(unmatched route)'}`;
  return r.afterHeadersSent
    ? `${where} failed after the response started`
    : `${where} -> ${r.status} ${r.classification.category}`;
}

/**
 * Another occurrence of an error whose full line (stack, causes, URL) was written for the request
 * `repeat.repeatOf` in this window: what tells this request apart, and where the rest is.
 */
export function buildRepeatEntry(
  fl: ResolvedFaultline,
  r: ErrorReport,
  repeat: Repeat,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    requestId: r.requestId,
    traceId: r.traceId,
    spanId: r.spanId,
    method: r.method,
    route: r.route,
    status: r.status,
    category: r.classification.category,
    durationMs: r.durationMs,
    repeatOf: repeat.repeatOf,
    occurrence: repeat.occurrence,
  };
  if (r.parentSpanId) entry.parentSpanId = r.parentSpanId;
  if (fl.service) entry.service = fl.service;
  return entry;
}

/** The compact line's message. */
export function repeatMessage(r: ErrorReport, repeat: Repeat): string {
  return `${logMessage(r)} (again, as request ${repeat.repeatOf})`;
}
