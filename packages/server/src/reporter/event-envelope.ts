/**
 * One error event as an envelope: header with `event_id`, `sdk` and the Dynamic Sampling
 * Context `trace` (https://develop.sentry.dev/sdk/envelopes/#envelope-headers; the collector
 * links traces from it when an event lacks `contexts.trace`), and one `event` item.
 * An event over Relay's 1 MiB would be answered 413, so the source context (the bulk of a
 * big event) is dropped first, and an event still too big is not sent.
 */

import { LimitExceededError, MAX_EVENT_BYTES, type SentryEvent } from '@faultline/core';
import type { BuiltEnvelope } from './envelope-job.js';
import { SDK_INFO } from './sdk-info.js';

function withoutSourceContext(event: SentryEvent): void {
  const values = Array.isArray(event.exception) ? event.exception : (event.exception?.values ?? []);
  for (const value of values) {
    for (const frame of value.stacktrace?.frames ?? []) {
      delete frame.pre_context;
      delete frame.context_line;
      delete frame.post_context;
    }
  }
}

/**
 * @example const built = eventEnvelope(event, 'public-key')
 */
export function eventEnvelope(event: SentryEvent, publicKey: string): BuiltEnvelope {
  let payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) {
    withoutSourceContext(event);
    payload = JSON.stringify(event);
    const bytes = Buffer.byteLength(payload);
    if (bytes > MAX_EVENT_BYTES)
      throw new LimitExceededError('MAX_EVENT_BYTES', MAX_EVENT_BYTES, bytes, 'event');
  }
  const header: Record<string, unknown> = { event_id: event.event_id, sdk: { ...SDK_INFO } };
  const trace = event.contexts?.trace;
  if (trace) {
    const dsc: Record<string, unknown> = { trace_id: trace.trace_id, public_key: publicKey };
    if (event.release !== undefined) dsc.release = event.release;
    if (event.environment !== undefined) dsc.environment = event.environment;
    if (event.transaction !== undefined) dsc.transaction = event.transaction;
    header.trace = dsc;
  }
  return { header, items: [{ category: 'error', type: 'event', payload }], eventId: event.event_id };
}
