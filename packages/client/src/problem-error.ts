/**
 * A non-2xx answer. When the body is RFC 9457 problem+json (what Faultline servers send) its
 * members are lifted onto the error, so the incident id the user will quote (`instance`) and
 * the request id are right there; otherwise `body` keeps the start of the text.
 */

import { type ProblemDetails, reasonPhrase } from '@faultline/core';
import { ClientError } from './client-error.js';

export interface ProblemErrorInit {
  status: number;
  headers: Headers;
  /** The parsed problem+json (or JSON) body, when there was one. */
  problem: Partial<ProblemDetails> | undefined;
  /** The start of a body that was not JSON. */
  body: string | undefined;
  /** True when the body was longer than MAX_ERROR_BODY_BYTES and the rest was not read. */
  bodyTruncated: boolean;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Thrown for any non-2xx response.
 * @example
 * try { await api.post('/orders', order) } catch (e) {
 *   if (e instanceof ProblemError) console.error(`failed (${e.status}), quote incident ${e.instance}`);
 * }
 */
export class ProblemError extends ClientError {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string | undefined;
  /** The occurrence id (RFC 9457 `instance`); Faultline servers put the incident id here. */
  readonly instance: string | undefined;
  /** From the problem body, else the `X-Request-Id` response header. */
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
  /** The server's own verdict (`retryable` member); `false` is its "do not retry" signal. */
  readonly retryable: boolean | undefined;
  /** Milliseconds the server asked to wait (Retry-After header, else the body's `retryAfter`). */
  retryAfterMs: number | undefined = undefined;
  readonly headers: Headers;
  readonly problem: Partial<ProblemDetails> | undefined;
  readonly body: string | undefined;
  readonly bodyTruncated: boolean;

  constructor(request: { method: string; url: string }, init: ProblemErrorInit) {
    const p = init.problem ?? {};
    const title = str(p.title) ?? reasonPhrase(init.status);
    const detail = str(p.detail);
    const instance = str(p.instance);
    const message =
      `${request.method} ${request.url} failed: ${init.status} ${title}` +
      (detail ? `: ${detail}` : '') +
      (instance ? ` (incident ${instance})` : '');
    super('FL_PROBLEM', message, request);
    this.name = 'ProblemError';
    this.status = init.status;
    this.title = title;
    this.type = str(p.type) ?? 'about:blank';
    this.detail = detail;
    this.instance = instance;
    this.requestId = str(p.requestId) ?? init.headers.get('x-request-id') ?? undefined;
    this.traceId = str(p.traceId);
    this.retryable = typeof p.retryable === 'boolean' ? p.retryable : undefined;
    this.headers = init.headers;
    this.problem = init.problem;
    this.body = init.body;
    this.bodyTruncated = init.bodyTruncated;
  }
}
