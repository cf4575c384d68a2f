/**
 * The caller's AbortSignal fired. Everything stops: the attempt in flight, a backoff or
 * Retry-After wait (anchors §2.3: "AbortSignal does not cancel rate-limit retry backoff").
 */

import { ClientError } from './client-error.js';

/**
 * Thrown when the caller aborts; `cause` is the signal's reason.
 * @example
 * const ac = new AbortController();
 * setTimeout(() => ac.abort(), 100);
 * await api.get('/slow', { signal: ac.signal }).catch((e) => e.code); // 'FL_ABORTED'
 */
export class AbortedError extends ClientError {
  constructor(request: { method: string; url: string }, reason: unknown) {
    super('FL_ABORTED', `${request.method} ${request.url}: aborted by the caller`, request, {
      cause: reason,
    });
    this.name = 'AbortedError';
  }
}
