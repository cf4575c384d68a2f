/**
 * The origin's circuit breaker is open (or half-open with all probe slots taken), so the
 * call failed fast without touching the network. Built without a stack: in an outage it is
 * thrown for every call (house style 5).
 */

import { ClientError, withoutStack } from './client-error.js';

/**
 * Thrown instead of sending a request to an origin that is failing.
 * @example
 * catch (e) {
 *   if (e instanceof CircuitOpenError) res.setHeader('retry-after', Math.ceil(e.retryInMs / 1000));
 * }
 */
export class CircuitOpenError extends ClientError {
  readonly origin: string;
  /** When the breaker lets probes through again (the client's clock, ms since epoch). */
  readonly retryAt: number;
  /** Milliseconds from the failure until `retryAt`. */
  readonly retryInMs: number;

  constructor(request: { method: string; url: string }, origin: string, retryAt: number, now: number) {
    const retryInMs = Math.max(0, retryAt - now);
    super('FL_CIRCUIT_OPEN', `${origin}: circuit open, next try in ${retryInMs} ms`, request);
    this.name = 'CircuitOpenError';
    this.origin = origin;
    this.retryAt = retryAt;
    this.retryInMs = retryInMs;
  }
}

/** A CircuitOpenError without stack capture (the fast path). */
export function circuitOpen(
  request: { method: string; url: string },
  origin: string,
  retryAt: number,
  now: number,
): CircuitOpenError {
  return withoutStack(() => new CircuitOpenError(request, origin, retryAt, now));
}
