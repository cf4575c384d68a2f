/**
 * A stored event as the alert evaluator sees it (alert-subject.ts's AlertEvent), read back for a
 * preview: the columns the digest stored, and the tags parsed from the payload as digest parses
 * them (digest/tags.ts), so filters and silences compare the same values they did live.
 */

import { eventTags, tagValue } from '../../digest/tags.js';
import type { EventRecord } from '../../store/records.js';
import type { AlertEvent } from '../evaluate/alert-subject.js';

/** @example const event = historyEvent(record); matchEvents(rule.filters, [event]) */
export function historyEvent(e: EventRecord): AlertEvent {
  const tags = eventTags(e.payload);
  return {
    eventId: e.eventId,
    timestamp: e.timestamp,
    level: e.level,
    environment: e.environment,
    release: e.release,
    transaction: e.transaction,
    route: tagValue(tags, 'route') ?? null,
    category: tagValue(tags, 'category') ?? null,
    tags,
    requestId: e.requestId,
    traceId: e.traceId,
    service: e.service,
  };
}
