/**
 * The shapes shared by the pipeline: a request as the wrappers see it, a handler, a wrapper
 * (`(next) => (req) => Promise<Reply>`, house style 2), and the hook events.
 */

import type { AttemptStop } from './attempt-stop.js';
import type { BreakerState } from './circuit-breaker.js';
import type { ResolvedRetry } from './options.js';
import type { Reply } from './reply.js';

/** One logical request as it travels through the wrappers; each wrapper may derive a copy. */
export interface ClientRequest {
  readonly method: string;
  readonly url: string;
  /** `scheme://host:port`: the key for the budget and the breaker. */
  readonly origin: string;
  /** Lower-case names; the trace wrapper adds per-attempt headers to a copy. */
  readonly headers: Record<string, string>;
  readonly body: BodyInit | null;
  /** The caller's signal (NEVER_SIGNAL when it gave none). */
  readonly signal: AbortSignal;
  /** Inside an attempt: its stop (timeout, deadline, caller), set by the timeout wrapper.
   * Outside one: NO_STOP, which never stops. */
  readonly stop: AttemptStop;
  /** The overall deadline as a `performance.now()` time (timers are real even when the
   * strategies' clock is faked). */
  readonly deadlineAt: number;
  /** The overall deadline in ms (for messages). */
  readonly deadlineMs: number;
  /** Per-attempt timeout, ms. */
  readonly timeoutMs: number;
  /** The retry rules for this call (client options merged with the call's). */
  readonly retry: ResolvedRetry;
  /** 1 for the first attempt; set by the retry wrapper. */
  readonly attempt: number;
  /** Safe to send twice: an idempotent method, or an Idempotency-Key is set. */
  readonly idempotent: boolean;
  /** Return the body as a stream (the attempt timeout stays armed until it is read). */
  readonly stream: boolean;
  /** Same for every attempt of this logical request (the id a user quotes). */
  readonly requestId: string;
  readonly traceId: string;
  readonly traceFlags: number;
}

/** Sends a request and resolves with a 2xx reply, or rejects with a ClientError. */
export type Handler = (req: ClientRequest) => Promise<Reply>;

/** A resilience wrapper: retry, breaker, deadline, timeout and trace are each one of these. */
export type Wrapper = (next: Handler) => Handler;

/** Passed to `onAttempt` just before an attempt is sent. */
export interface AttemptEvent {
  method: string;
  url: string;
  attempt: number;
  requestId: string;
  traceparent: string;
}

/** Passed to `onRetry` when a failed attempt will be retried after `delayMs`. */
export interface RetryEvent {
  method: string;
  url: string;
  /** The attempt that failed (1 = first). */
  attempt: number;
  delayMs: number;
  reason: string;
  error: Error;
}

/** Passed to `onBreakerChange` when an origin's breaker changes state. */
export interface BreakerChangeEvent {
  origin: string;
  from: BreakerState['kind'];
  to: BreakerState['kind'];
  state: Readonly<BreakerState>;
}

/** Observability hooks; an exception thrown by a hook is swallowed, never breaks a call. */
export interface ClientHooks {
  onAttempt?: (event: AttemptEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  onBreakerChange?: (event: BreakerChangeEvent) => void;
}

/** Calls a hook and swallows what it throws (a metrics bug must not fail the request). */
export function callHook<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (hook === undefined) return;
  try {
    hook(event);
  } catch {
    // deliberately ignored: see ClientHooks
  }
}
