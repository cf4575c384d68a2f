/**
 * The options `createClient` and each call accept, and their resolution into one frozen
 * settings object. Every default lives in limits.ts with its source.
 */

import type { Dispatcher } from 'undici';
import type { BackoffOptions } from './backoff.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RETRY_AFTER_MS, MAX_ATTEMPTS } from './limits.js';
import type { RetryBudgetOptions } from './retry-budget.js';
import type { ClientHooks } from './types.js';

/** RFC 9110 §9.2.2: PUT, DELETE and the safe methods are idempotent (TRACE left out: rarely sent). */
export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
/** Timeout, too many requests, bad gateway, unavailable, gateway timeout. Not 500: a bug usually
 * stays a bug (issue 6 §1); got, ky and undici retry it, which doubles load on a broken route. */
export const RETRY_STATUSES: readonly number[] = [408, 429, 502, 503, 504];
/** Connection-level failures worth a second try (got and undici lists, trimmed; anchors §1.1). */
export const RETRY_ERROR_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET', // undici's "other side closed": Node's "socket hang up"
];
/** Failures that prove the request never reached the server, so even a POST may be re-sent
 * (anchors §2.1). ECONNRESET and EPIPE are not here: the request may have been written. */
export const NEVER_SENT_CODES: readonly string[] = ['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND'];

export interface RetryOptions {
  /** Attempts including the first; at most 5. Default 3. */
  attempts?: number;
  /** Methods retried without an Idempotency-Key. Default GET HEAD OPTIONS PUT DELETE. */
  methods?: readonly string[];
  /** Statuses retried. Default 408 429 502 503 504 (add 500 to opt in). */
  statuses?: readonly number[];
  /** Network error codes retried. Default ECONNREFUSED ECONNRESET EPIPE EAI_AGAIN UND_ERR_SOCKET. */
  errorCodes?: readonly string[];
  /** Retry an attempt that hit its timeout (idempotent requests only). Default true. */
  onTimeout?: boolean;
  /** Full-jitter backoff. Default base 100 ms, cap 2 s. */
  backoff?: BackoffOptions;
  /** A Retry-After longer than this fails the call now, ms. Default 10 000. */
  maxRetryAfter?: number;
}

/** Options of `createClient`. */
export interface ClientOptions extends ClientHooks {
  /** Prefix for relative paths, e.g. `https://api.example.com/v1/`. */
  baseUrl?: string | URL;
  /** Per-attempt timeout covering headers and body, ms. Default 10 000. */
  timeout?: number;
  /** Overall deadline across attempts and waits, ms. Default 30 000. */
  deadline?: number;
  /** Retry rules, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Per-origin retry budget, or `false` to let every allowed retry through. */
  budget?: RetryBudgetOptions | false;
  /** Per-origin circuit breaker, or `false`. */
  breaker?: CircuitBreakerOptions | false;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Send through this fetch instead of undici's dispatcher (same timeouts, errors and retries;
   * fetch costs more CPU per call). Default: none. */
  fetch?: typeof fetch;
  /** The undici (7) Dispatcher to send through, e.g. an `Agent` with TLS or pool options, a
   * `ProxyAgent` or a `MockAgent`; redirects are followed on top of it. Default: one shared
   * `Agent` with its own timeouts off (the client's cover headers and body). */
  dispatcher?: Dispatcher;
  /** Generate an Idempotency-Key for every POST and PATCH (only if the server honours it). Default false. */
  idempotencyKeys?: boolean;
  /** The clock used by the budget, the breaker and Retry-After dates. Default `Date.now`. */
  now?: () => number;
  /** Random source for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** Options of one call. */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** Query parameters appended to the URL; undefined values are skipped. */
  query?: Record<string, string | number | boolean | undefined>;
  /** A value sent as JSON (sets content-type). */
  json?: unknown;
  /** A raw body; a ReadableStream body is sent once (it cannot be replayed). */
  body?: BodyInit | null;
  /** Cancels the call, including any wait between attempts. */
  signal?: AbortSignal;
  timeout?: number;
  deadline?: number;
  retry?: RetryOptions | false;
  /** `true` generates an Idempotency-Key reused by every attempt; a string is used as the key. */
  idempotencyKey?: boolean | string;
  /** The X-Request-Id to send (default: a new 32-hex id per logical request). */
  requestId?: string;
  /** The caller's traceparent; attempts become its children. */
  traceparent?: string;
  /** Resolve with the body unread (streamed); the attempt timeout covers it until it is read. */
  stream?: boolean;
}

/** Retry rules with sets for the hot path. */
export interface ResolvedRetry {
  attempts: number;
  methods: ReadonlySet<string>;
  statuses: ReadonlySet<number>;
  errorCodes: ReadonlySet<string>;
  onTimeout: boolean;
  backoff: BackoffOptions;
  maxRetryAfterMs: number;
}

/**
 * Fills in defaults; `attempts` is clamped to [1, MAX_ATTEMPTS].
 * @example resolveRetry({ attempts: 9 }).attempts // 5
 */
export function resolveRetry(retry: RetryOptions | false | undefined): ResolvedRetry {
  const r = retry === false ? { attempts: 1 } : (retry ?? {});
  const attempts = Math.trunc(r.attempts ?? DEFAULT_MAX_ATTEMPTS);
  return {
    attempts: Math.min(MAX_ATTEMPTS, Math.max(1, Number.isFinite(attempts) ? attempts : 1)),
    methods: new Set((r.methods ?? IDEMPOTENT_METHODS).map((m) => m.toUpperCase())),
    statuses: new Set(r.statuses ?? RETRY_STATUSES),
    errorCodes: new Set(r.errorCodes ?? RETRY_ERROR_CODES),
    onTimeout: r.onTimeout ?? true,
    backoff: r.backoff ?? {},
    maxRetryAfterMs: r.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS,
  };
}
