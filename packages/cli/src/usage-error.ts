/**
 * A command line the CLI cannot run: an unknown command or flag, a missing argument, a value
 * out of range. The message names the flag (or variable) at fault; the process exits 2.
 */

import { FaultlineError } from '@faultline/core';

/**
 * @example throw new UsageError("--port: expected a whole number from 0 to 65535, got 'x'");
 */
export class UsageError extends FaultlineError {
  constructor(message: string) {
    super('FL_USAGE', message);
    this.name = 'UsageError';
  }
}
