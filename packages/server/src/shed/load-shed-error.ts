import { FaultlineError } from '@faultline/core';

/**
 * What a shed request failed with: code FL_OVERLOAD, which core's table classifies as 503
 * `overload`. One instance serves every shed response, so refusing a request never pays
 * for capturing a stack.
 */
export class LoadShedError extends FaultlineError {
  constructor() {
    super('FL_OVERLOAD', 'Refused by the load shedder: the server is over capacity');
    this.name = 'LoadShedError';
  }
}
