/**
 * The overall deadline (attempts plus the waits between them) ran out. The last failure, if
 * there was one, is the `cause`.
 */

import { ClientError } from './client-error.js';

/**
 * Thrown when `deadline` expires during an attempt or a wait.
 * @example
 * catch (e) { if (e instanceof DeadlineError) console.log(`gave up after ${e.deadlineMs} ms`, e.attempts); }
 */
export class DeadlineError extends ClientError {
  readonly deadlineMs: number;

  constructor(request: { method: string; url: string }, deadlineMs: number) {
    super('FL_DEADLINE', `${request.method} ${request.url}: deadline of ${deadlineMs} ms exceeded`, request);
    this.name = 'DeadlineError';
    this.deadlineMs = deadlineMs;
  }
}
