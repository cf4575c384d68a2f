/**
 * A rule the collector cannot accept. The later API answers it 400 with this message, so the
 * message names the field and says what would be accepted.
 */

import { FaultlineError } from '@faultline/core';

/**
 * @example throw new AlertRuleError('trigger.count', 'trigger.count is an integer from 1 to 1000')
 */
export class AlertRuleError extends FaultlineError {
  /** The field's path in the rule's JSON: `name`, `trigger.count`, `channels[1].url`. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super('FL_ALERT_RULE', message, options);
    this.name = 'AlertRuleError';
    this.field = field;
  }
}
