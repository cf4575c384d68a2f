import { FaultlineError } from '@faultline/core';

/**
 * Why an envelope did not arrive, carried by `faultline:reporter:drop` messages; never
 * thrown into the application. `status` is the HTTP status, undefined for a network error
 * or timeout (then `cause` is fetch's error).
 * @example
 * diagnostics.subscribe('faultline:reporter:drop', (m) => {
 *   if (m.error instanceof ReporterSendError) console.warn(m.error.code, m.error.status);
 * });
 */
export class ReporterSendError extends FaultlineError {
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super('FL_REPORTER_SEND', message, { cause: options.cause });
    this.name = 'ReporterSendError';
    this.status = options.status;
  }
}
