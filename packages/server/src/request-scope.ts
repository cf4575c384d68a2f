/**
 * Per-request state every adapter keeps: the request id, the trace this request belongs
 * to, and when it started. Trace and span ids are generated only when something reads them,
 * so the happy path pays for one header read and one id.
 */

import { type ErrorCategory, generateSpanId, generateTraceId, type Traceparent } from '@faultline/core';
import { type HeaderGetter, resolveIds } from './request-id.js';

export class RequestScope {
  /** The object the adapter saw (IncomingMessage, Fetch Request...): the reporter reads its
   * headers and passes it to the `user` hook, after the response. */
  readonly request: object | undefined;
  readonly requestId: string;
  readonly startedAt: number;
  /** The caller's trace context, or null when this request starts a trace. */
  readonly incoming: Traceparent | null;
  readonly tracestate: string | undefined;
  /** The route template, once the framework has matched one. */
  route: string | undefined;
  /** Refused by the load shedder before a route ran (counted as a 5xx in the rates). */
  shed = false;
  /** Failed after the response started (counted as a 5xx whatever status went out). */
  failedLate = false;
  /** The cause category of the error this request answered, if one was handled (the rates
   * count dependency and overload 5xx apart). */
  category: ErrorCategory | undefined;
  #traceId: string | undefined;
  #spanId: string | undefined;

  constructor(getHeader: HeaderGetter, now = performance.now(), request?: object) {
    this.request = request;
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

/**
 * The scope lives on the request object under a private symbol. A WeakMap keyed by request
 * (the first design) costs every request an ephemeron entry that the garbage collector must
 * process; a property costs one hidden-class transition, the same for every request. Objects
 * that refuse new properties (frozen, sealed, or a Proxy that throws) fall back to the map.
 */
const SCOPE = Symbol('faultline.scope');
const fallback = new WeakMap<object, RequestScope>();
// Until a request refuses the property, the map is empty: a new request (every request, at the
// first middleware) is then a miss on the property alone, without a map lookup.
let fallbackUsed = false;

type Scoped = { [SCOPE]?: RequestScope };

function lookup(request: object): RequestScope | undefined {
  try {
    const scope = (request as Scoped)[SCOPE];
    return scope !== undefined || !fallbackUsed ? scope : fallback.get(request);
  } catch {
    return fallbackUsed ? fallback.get(request) : undefined;
  }
}

export function scopeFor(request: object, getHeader: HeaderGetter): RequestScope {
  let scope = lookup(request);
  if (scope === undefined) {
    scope = new RequestScope(getHeader, performance.now(), request);
    try {
      (request as Scoped)[SCOPE] = scope;
    } catch {
      // not extensible: fall through to the map
    }
    if (lookup(request) !== scope) {
      fallbackUsed = true;
      fallback.set(request, scope);
    }
  }
  return scope;
}

/**
 * The scope of a request given any of the objects frameworks wrap it in: the raw request
 * itself, or a wrapper holding it as `raw` (Fastify's request, Hono's `c.req`) or `req` (Koa's ctx).
 */
export function findScope(request: object): RequestScope | undefined {
  const direct = lookup(request);
  if (direct !== undefined) return direct;
  for (const key of ['raw', 'req'] as const) {
    const inner = (request as Record<string, unknown>)[key];
    if (inner !== null && typeof inner === 'object') {
      const scope = lookup(inner);
      if (scope !== undefined) return scope;
    }
  }
  return undefined;
}
