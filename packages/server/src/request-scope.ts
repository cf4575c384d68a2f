/**
 * Per-request state every adapter keeps: the request id, the trace this request belongs
 * to, and when it started. Trace and span ids are generated only when something reads them,
 * so the happy path pays for one header read and one id.
 */

import { generateSpanId, generateTraceId, type Traceparent } from '@faultline/core';
import { type HeaderGetter, resolveIds } from './request-id.js';

export class RequestScope {
  readonly requestId: string;
  readonly startedAt: number;
  /** The caller's trace context, or null when this request starts a trace. */
  readonly incoming: Traceparent | null;
  readonly tracestate: string | undefined;
  /** The route template, once the framework has matched one. */
  route: string | undefined;
  #traceId: string | undefined;
  #spanId: string | undefined;

  constructor(getHeader: HeaderGetter, now = performance.now()) {
    const ids = resolveIds(getHeader);
    this.requestId = ids.requestId;
    this.incoming = ids.traceparent;
    this.tracestate = ids.tracestate;
    this.startedAt = now;
  }

  get traceId(): string {
    this.#traceId ??= this.incoming?.traceId ?? generateTraceId();
    return this.#traceId;
  }

  /** This server's span: a child of the caller's span, or the root of a new trace. */
  get spanId(): string {
    this.#spanId ??= generateSpanId();
    return this.#spanId;
  }

  get parentSpanId(): string | undefined {
    return this.incoming?.parentId;
  }

  get sampled(): boolean {
    return this.incoming?.sampled ?? true;
  }

  elapsedMs(now = performance.now()): number {
    return Math.round((now - this.startedAt) * 100) / 100;
  }
}

/** Scopes by request object (IncomingMessage, Fetch Request...), without touching the object. */
const scopes = new WeakMap<object, RequestScope>();

export function scopeFor(request: object, getHeader: HeaderGetter): RequestScope {
  let scope = scopes.get(request);
  if (!scope) {
    scope = new RequestScope(getHeader);
    scopes.set(request, scope);
  }
  return scope;
}

export function existingScope(request: object): RequestScope | undefined {
  return scopes.get(request);
}
