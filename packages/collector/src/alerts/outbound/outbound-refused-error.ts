/** A notification the SSRF guard would not send: the host is not allowed, or resolves to an
 * address that is not (outbound-guard.ts). Expected, so no stack is captured. */

import { FaultlineError } from '@faultline/core';

/**
 * @example throw new OutboundRefusedError('127.0.0.1 is loopback; list it in webhookAllow to allow it')
 */
export class OutboundRefusedError extends FaultlineError {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super('FL_OUTBOUND_REFUSED', message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'OutboundRefusedError';
  }
}
