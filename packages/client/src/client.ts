/**
 * `createClient`: the public face. Each method builds a ClientRequest, runs it through the
 * pipeline (pipeline.ts documents the order) and, for the JSON helpers, parses the body.
 */

import { ParseError } from '@faultline/core';
import type { BreakerState } from './circuit-breaker.js';
import { createContext } from './context.js';
import { type ClientOptions, type RequestOptions, resolveRetry } from './options.js';
import { createPipeline } from './pipeline.js';
import { type Reply, toResponse } from './reply.js';
import { buildRequest } from './request-init.js';

const JSON_ACCEPT = 'application/json, application/problem+json;q=0.9';

/** A configured client; every method rejects with a ClientError subclass on failure. */
export interface Client {
  /** Sends any method; resolves with the 2xx Response (its body already read unless `stream`). */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** GET and parse the JSON body (`undefined` for an empty body). */
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  /** POST `json` and parse the JSON answer. Retried only with an Idempotency-Key. */
  post<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<T>;
  /** PUT `json` and parse the JSON answer. */
  put<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<T>;
  /** PATCH `json` and parse the JSON answer. Retried only with an Idempotency-Key. */
  patch<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<T>;
  /** DELETE and parse the JSON answer, if any. */
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  /** The breaker state of an origin (or of `baseUrl`); undefined before its first call or when off. */
  breakerState(origin?: string): Readonly<BreakerState> | undefined;
}

const decoder = new TextDecoder();

function parseJson<T>(reply: Reply, method: string, url: string): T {
  const bytes = reply.bytes;
  const text = bytes === undefined ? '' : decoder.decode(bytes);
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new ParseError(`${method} ${url}: response body is not JSON`, { cause });
  }
}

/**
 * Creates a client. Every option has a default taken from the anchors (see the README).
 * @example
 * const api = createClient({ baseUrl: 'https://api.example.com/v1', deadline: 5000 });
 * const user = await api.get<{ id: string; name: string }>('/users/42');
 * await api.post('/orders', { sku: 'A1' }, { idempotencyKey: true }); // safe to retry
 */
export function createClient(options: ClientOptions = {}): Client {
  const ctx = createContext(options);
  const retry = resolveRetry(options.retry);
  const send = createPipeline(ctx);
  const run = (method: string, path: string, opts?: RequestOptions) =>
    send(buildRequest(options, retry, method, path, opts));
  const request = async (method: string, path: string, opts?: RequestOptions) =>
    toResponse(await run(method, path, opts));
  const json = async <T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> => {
    const headers =
      opts.headers?.accept || opts.headers?.Accept ? opts.headers : { accept: JSON_ACCEPT, ...opts.headers };
    const reply = await run(method, path, { ...opts, headers, stream: false });
    return parseJson<T>(reply, method, reply.url);
  };
  const withBody = (json: unknown, opts?: RequestOptions): RequestOptions =>
    json === undefined ? (opts ?? {}) : { ...opts, json };
  return {
    request,
    get: (path, opts) => json('GET', path, opts),
    post: (path, body, opts) => json('POST', path, withBody(body, opts)),
    put: (path, body, opts) => json('PUT', path, withBody(body, opts)),
    patch: (path, body, opts) => json('PATCH', path, withBody(body, opts)),
    delete: (path, opts) => json('DELETE', path, opts),
    breakerState(origin) {
      const key =
        origin ?? (options.baseUrl === undefined ? undefined : new URL(String(options.baseUrl)).origin);
      return key === undefined ? undefined : ctx.breakers?.peek(new URL(key).origin)?.state;
    },
  };
}
