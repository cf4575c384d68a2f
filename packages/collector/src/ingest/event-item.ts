/**
 * One event or transaction payload → an IngestEvent: parsed with bounds, trimmed, scrubbed,
 * with its id settled. The envelope header's event_id wins over the payload's (sentry-protocol.md
 * §3.2); ids are normalised to 32 lower-case hex; an event without any id gets a new one, as
 * Relay does.
 */

import { generateEventId, normalizeEventId, parseJsonBounded, type SentryEvent } from '@faultline/core';
import type { IngestEvent } from '../ingest-batch.js';
import { IngestRejection, toRejection } from './http-errors.js';
import type { Scrub } from './scrubber.js';
import { trimEvent } from './trim-event.js';

export interface EventBounds {
  maxEventBytes: number;
  maxJsonDepth: number;
  maxStringLength: number;
  maxFramesPerStack: number;
}

/**
 * Parses bytes as a bounded JSON object; any failure is a 400/413 naming the item.
 * @example parseItemObject(bytes, 0, 'event', 1024 * 1024, 64)
 */
export function parseItemObject(
  bytes: Uint8Array,
  itemIndex: number | undefined,
  what: string,
  maxBytes: number,
  maxDepth: number,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonBounded(
      bytes,
      itemIndex === undefined ? { maxBytes, maxDepth } : { maxBytes, maxDepth, itemIndex },
    );
  } catch (err) {
    throw toRejection(err, itemIndex);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const where = itemIndex === undefined ? '' : `item ${itemIndex}: `;
    throw new IngestRejection(400, `${where}${what} payload is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * The IngestEvent for a parsed payload. Transactions lose their `spans`: Faultline keeps a thin
 * record of them for trace views (issue 4 §1), and spans are most of a transaction's bytes.
 * @example toIngestEvent({ message: 'hi' }, undefined, undefined, bounds, scrub).eventId // a new id
 */
export function toIngestEvent(
  payload: Record<string, unknown>,
  headerEventId: string | undefined,
  dsc: Record<string, unknown> | undefined,
  bounds: EventBounds,
  scrub: Scrub,
  transaction = false,
): IngestEvent {
  const eventId = headerEventId ?? normalizeEventId(payload.event_id) ?? generateEventId();
  if (transaction) delete payload.spans;
  const event = scrub(trimEvent(payload, bounds)) as SentryEvent;
  event.event_id = eventId;
  return dsc === undefined ? { eventId, event } : { eventId, event, dsc };
}
