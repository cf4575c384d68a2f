/**
 * The span ids of the outgoing attempts behind an error: @faultline/client's errors list the
 * span id it sent in each attempt's `traceparent` (`spanIds`). A downstream service's event
 * names one of them as its parent span, so the collector can hang that service under this
 * one in the trace tree (the attempt spans themselves are never stored as events).
 */

import { causeChain, SPAN_ID_PATTERN, safeGet } from '@faultline/core';
import { MAX_DOWNSTREAM_SPANS } from '../limits.js';

/**
 * @example downstreamSpans(new Error('x', { cause: problemError })) // ['b7ad6b7169203331']
 */
export function downstreamSpans(error: unknown): string[] {
  const spans: string[] = [];
  for (const item of causeChain(error)) {
    const ids = safeGet(item, 'spanIds');
    if (!Array.isArray(ids)) continue;
    for (const id of ids) {
      if (spans.length >= MAX_DOWNSTREAM_SPANS) return spans;
      if (typeof id === 'string' && SPAN_ID_PATTERN.test(id) && !spans.includes(id)) spans.push(id);
    }
  }
  return spans;
}
