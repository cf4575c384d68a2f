/**
 * Faultline's own event context, `contexts.faultline`: what a Sentry event has no field for.
 * `downstream_spans` are the span ids a failed outgoing call sent in each attempt's
 * `traceparent` (@faultline/client lists them on its errors); a downstream service's event
 * names one of them as its parent span, so the collector can hang that service under this one
 * in the trace tree. Other backends keep unknown contexts as data, so this costs nothing there.
 */

/** The key under `contexts`. */
export const FAULTLINE_CONTEXT_KEY = 'faultline';

/** A span id: 16 lower-case hex digits (W3C trace context). */
export const SPAN_ID_PATTERN = /^[0-9a-f]{16}$/;

/** `contexts.faultline`. */
export interface FaultlineContext {
  downstream_spans?: string[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The well-formed downstream span ids of an event (as sent: untrusted), at most `max`.
 * @example downstreamSpansOf({ contexts: { faultline: { downstream_spans: ['b7ad6b7169203331'] } } }, 32) // ['b7ad6b7169203331']
 */
export function downstreamSpansOf(event: unknown, max: number): string[] {
  const list = record(record(record(event)?.contexts)?.[FAULTLINE_CONTEXT_KEY])?.downstream_spans;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const id of list) {
    if (out.length >= max) break;
    if (typeof id === 'string' && SPAN_ID_PATTERN.test(id) && !out.includes(id)) out.push(id);
  }
  return out;
}
