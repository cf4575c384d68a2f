/** A silence the collector cannot accept: the API answers it 400 with `field` and this message. */

import { FaultlineError } from '@faultline/core';

/**
 * @example throw new SilenceError('endsAt', 'endsAt is in the past')
 */
export class SilenceError extends FaultlineError {
  /** The field's path in the silence's JSON: `endsAt`, `matchers.issueId`. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super('FL_SILENCE', message, options);
    this.name = 'SilenceError';
    this.field = field;
  }
}
