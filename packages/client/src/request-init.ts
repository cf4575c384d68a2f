/**
 * Turns a call (`method`, `path`, options) into the ClientRequest the pipeline carries: the
 * absolute URL, merged lower-case headers, the JSON body, and the ids that stay the same for
 * every attempt (X-Request-Id, trace id, Idempotency-Key).
 */

import { generateTraceId, parseTraceparent } from '@faultline/core';
import { NO_STOP } from './attempt-stop.js';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_DEADLINE_MS } from './limits.js';
import { type ClientOptions, type RequestOptions, type ResolvedRetry, resolveRetry } from './options.js';
import { NEVER_SIGNAL } from './signals.js';
import type { ClientRequest } from './types.js';

/** Header of draft-ietf-httpapi-idempotency-key-header (-07). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** OpenTelemetry's default sampler (ParentBased(AlwaysOn)) samples root spans: flags 01. */
const ROOT_TRACE_FLAGS = 0x01;

/** Joins `baseUrl` and `path` like a prefix (ky's `prefixUrl`): 'http://h/v1' + '/users' → 'http://h/v1/users'. */
export function resolveUrl(
  baseUrl: string | URL | undefined,
  path: string,
  query: RequestOptions['query'],
): URL {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
  let url: URL;
  if (absolute || baseUrl === undefined) url = new URL(path);
  else {
    const base = String(baseUrl);
    url = new URL(`${base.endsWith('/') ? base : `${base}/`}${path.startsWith('/') ? path.slice(1) : path}`);
  }
  if (query)
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.append(k, String(v));
  return url;
}

function lowerKeys(target: Record<string, string>, source: Record<string, string> | undefined): void {
  if (source) for (const [k, v] of Object.entries(source)) target[k.toLowerCase()] = v;
}

/**
 * Builds the request for one logical call.
 * @example const req = buildRequest(options, clientRetry, 'POST', '/orders', { json: order, idempotencyKey: true });
 */
export function buildRequest(
  client: ClientOptions,
  clientRetry: ResolvedRetry,
  method: string,
  path: string,
  options: RequestOptions = {},
): ClientRequest {
  const m = method.toUpperCase();
  const url = resolveUrl(client.baseUrl, path, options.query);
  const headers: Record<string, string> = {};
  lowerKeys(headers, client.headers);
  lowerKeys(headers, options.headers);
  let body: BodyInit | null = options.body ?? null;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const key = options.idempotencyKey;
  if (typeof key === 'string') headers[IDEMPOTENCY_KEY_HEADER] = key;
  else if (key === true || (key === undefined && client.idempotencyKeys && (m === 'POST' || m === 'PATCH')))
    headers[IDEMPOTENCY_KEY_HEADER] ??= `"${globalThis.crypto.randomUUID()}"`; // an sf-string (RFC 8941)
  const retry =
    options.retry === undefined
      ? clientRetry
      : resolveRetry(options.retry === false ? false : { ...(client.retry || {}), ...options.retry });
  const parent = parseTraceparent(options.traceparent ?? headers.traceparent);
  const given = options.requestId ?? headers['x-request-id'];
  const requestId = given ?? generateTraceId();
  headers['x-request-id'] = requestId;
  const deadlineMs = options.deadline ?? client.deadline ?? DEFAULT_DEADLINE_MS;
  return {
    method: m,
    url: url.href,
    origin: url.origin,
    headers,
    body,
    signal: options.signal ?? NEVER_SIGNAL,
    stop: NO_STOP,
    deadlineAt: performance.now() + deadlineMs,
    deadlineMs,
    timeoutMs: options.timeout ?? client.timeout ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
    retry,
    attempt: 1,
    idempotent: retry.methods.has(m) || headers[IDEMPOTENCY_KEY_HEADER] !== undefined,
    stream: options.stream === true,
    requestId,
    traceId: parent?.traceId ?? (given === undefined ? requestId : generateTraceId()),
    traceFlags: parent?.flags ?? ROOT_TRACE_FLAGS,
  };
}
