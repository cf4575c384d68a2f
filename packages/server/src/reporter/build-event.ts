/**
 * An ErrorReport (or an uncaught error) as a Sentry error event
 * (https://develop.sentry.dev/sdk/data-model/event-payloads/ ; sentry-protocol.md §4).
 * Runs when the send queue gets to it, never in the request path. The finished event goes
 * through the deep redactor once: messages, source lines, headers, body and user data are
 * all strings that can hold a secret, and one pass over everything is simpler to trust
 * than a scrub per field (its ~50 µs are paid off the request path).
 */

import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import {
  type ExceptionValue,
  FAULTLINE_CONTEXT_KEY,
  type FaultlineContext,
  type Level,
  type Mechanism,
  type SentryEvent,
  toExceptionValues,
  type UserInfo,
} from '@faultline/core';
import type { ErrorReport } from '../error-report.js';
import { downstreamSpans } from './downstream-spans.js';
import { markLibraryFrames } from './library-frames.js';
import { requestInfo } from './request-info.js';
import { SDK_INFO } from './sdk-info.js';
import type { SourceContext } from './source-context.js';
import type { SourceMaps } from './source-maps.js';

/** The request object an adapter passed to `faultline.scope()`. */
export type ReporterRequest = IncomingMessage | Request;

/** Returns the user a request belongs to, or undefined. Runs after the response, off the request path. */
export type UserHook = (request: ReporterRequest) => UserInfo | undefined | null;

/** What every event shares: who sends it and how it is finished. */
export interface EventEnv {
  service: string | undefined;
  release: string | undefined;
  environment: string;
  /** Frames under it are in-app with a relative filename (see core's parseStack). */
  root: string;
  redactKeys: (string | RegExp)[];
  redactEvent: <T>(value: T) => T;
  includeBody: boolean;
  user: UserHook | undefined;
  sourceContext: SourceContext | undefined;
  /** Set with the `sourceMaps` option: frames mapped through their built files' maps. */
  sourceMaps: SourceMaps | undefined;
}

const serverName = hostname();

async function exceptionValues(
  env: EventEnv,
  error: unknown,
  mechanism: Partial<Mechanism>,
): Promise<ExceptionValue[]> {
  const values = toExceptionValues(error, { mechanism, root: env.root });
  // Mapped first: which frames are Faultline's, and which lines to read, depend on the source path.
  await env.sourceMaps?.mapValues(values);
  markLibraryFrames(values);
  await env.sourceContext?.addContext(values);
  return values;
}

/** `debug_meta` naming the source maps of the frames' built files, when they carry debug IDs. */
function debugMeta(
  env: EventEnv,
  values: readonly ExceptionValue[],
): Partial<Pick<SentryEvent, 'debug_meta'>> {
  const images = env.sourceContext?.debugImages(values) ?? [];
  return images.length === 0 ? {} : { debug_meta: { images } };
}

function baseEvent(
  env: EventEnv,
  level: Level,
  capturedAt: number,
  eventId: string,
  values: ExceptionValue[],
): SentryEvent {
  const event: SentryEvent = {
    event_id: eventId,
    timestamp: capturedAt / 1000,
    platform: 'node',
    level,
    logger: 'faultline',
    server_name: serverName,
    environment: env.environment,
    exception: { values },
    ...debugMeta(env, values),
    contexts: { runtime: { name: 'node', version: process.version } },
    sdk: { ...SDK_INFO },
  };
  if (env.release !== undefined) event.release = env.release;
  return event;
}

function userOf(env: EventEnv, request: object | undefined): UserInfo | undefined {
  if (!env.user || request === undefined) return undefined;
  try {
    const user = env.user(request as ReporterRequest);
    return typeof user === 'object' && user !== null ? { ...user } : undefined;
  } catch {
    return undefined; // the hook is the application's; its failure costs only the user field
  }
}

/**
 * The event for an error a request handled (a 5xx, or a 4xx with `reportClientErrors`). Its id
 * is given at capture time: sampled occurrences of the same site name it before it is built.
 * @example const event = await buildRequestEvent(env, report, req, Date.now(), generateEventId())
 */
export async function buildRequestEvent(
  env: EventEnv,
  r: ErrorReport,
  request: object | undefined,
  capturedAt: number,
  eventId: string,
): Promise<SentryEvent> {
  const serious = r.status >= 500 || r.afterHeadersSent;
  const values = await exceptionValues(env, r.error, {
    type: 'middleware',
    handled: false,
    data: { framework: r.framework },
  });
  const event = baseEvent(env, serious ? 'error' : 'warning', capturedAt, eventId, values);
  event.transaction = `${r.method} ${r.route ?? '(unmatched route)'}`;
  const tags: Record<string, string> = {
    status: String(r.status),
    category: r.classification.category,
    request_id: r.requestId,
    framework: r.framework,
  };
  if (r.route !== undefined) tags.route = r.route;
  if (env.service !== undefined) tags.service = env.service;
  event.tags = tags;
  event.request = requestInfo({
    method: r.method,
    url: r.url,
    request,
    includeBody: env.includeBody,
    redactKeys: env.redactKeys,
  });
  const trace: NonNullable<SentryEvent['contexts']>['trace'] = {
    trace_id: r.traceId,
    span_id: r.spanId,
    op: 'http.server',
  };
  if (r.parentSpanId !== undefined) trace.parent_span_id = r.parentSpanId;
  event.contexts = { ...event.contexts, trace, response: { status_code: r.status } };
  const downstream = downstreamSpans(r.error);
  if (downstream.length > 0)
    event.contexts[FAULTLINE_CONTEXT_KEY] = { downstream_spans: downstream } satisfies FaultlineContext;
  const user = userOf(env, request);
  if (user) event.user = user;
  event.extra = { durationMs: r.durationMs, afterHeadersSent: r.afterHeadersSent };
  return env.redactEvent(event);
}

/** Which process-level handler saw the error. */
export type CrashKind = 'uncaughtException' | 'unhandledRejection';

/**
 * The event for an error no request owned, reported by the process guards before exiting.
 * @example const event = await buildCrashEvent(env, error, 'uncaughtException', Date.now(), generateEventId())
 */
export async function buildCrashEvent(
  env: EventEnv,
  error: unknown,
  kind: CrashKind,
  capturedAt: number,
  eventId: string,
): Promise<SentryEvent> {
  // The mechanism names Sentry's own integrations use for these two handlers.
  const type = kind === 'uncaughtException' ? 'onuncaughtexception' : 'onunhandledrejection';
  const values = await exceptionValues(env, error, { type, handled: false });
  const event = baseEvent(env, 'fatal', capturedAt, eventId, values);
  const tags: Record<string, string> = { category: 'crash', mechanism: type };
  if (env.service !== undefined) tags.service = env.service;
  event.tags = tags;
  return env.redactEvent(event);
}
