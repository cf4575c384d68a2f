/**
 * The request got no HTTP answer: connection refused or reset, DNS failure, socket closed.
 * `errno` is the system or undici code found on the cause chain (fetch wraps it in
 * `TypeError: fetch failed`), so retry rules can match on it.
 */

import { ClientError } from './client-error.js';

const MAX_CAUSE_WALK = 5;

/** Finds the first string `code` on an error's cause chain (ECONNREFUSED, UND_ERR_SOCKET...). */
export function findErrno(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < MAX_CAUSE_WALK && typeof current === 'object' && current !== null; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A failure below HTTP; the original error is the `cause`.
 * @example
 * catch (e) { if (e instanceof NetworkError && e.errno === 'ECONNREFUSED') console.log('server is down'); }
 */
export class NetworkError extends ClientError {
  /** ECONNREFUSED, ECONNRESET, EPIPE, EAI_AGAIN, UND_ERR_SOCKET..., or undefined if none was found. */
  readonly errno: string | undefined;

  constructor(request: { method: string; url: string }, cause: unknown) {
    const errno = findErrno(cause);
    super('FL_NETWORK', `${request.method} ${request.url} failed: ${errno ?? 'network error'}`, request, {
      cause,
    });
    this.name = 'NetworkError';
    this.errno = errno;
  }
}
