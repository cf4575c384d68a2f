/**
 * One error event, normalized for grouping and storage (sentry-protocol.md §4.1, §11.8):
 * time (string|number, naive = UTC, clock drift corrected), level (default `error`),
 * environment (default `production`), release, title, culprit, tags, request/trace ids,
 * service and user key. The payload is kept as sent (ingest scrubbed it).
 */

import { fingerprint, GROUPING_VERSION, type SentryEvent } from '@faultline/core';
import type { IngestEvent } from '../ingest-batch.js';
import { MAX_ENVIRONMENT_LENGTH, MAX_NAME_LENGTH, MAX_RELEASE_LENGTH } from '../limits.js';
import { asEventId, type EventId } from '../store/ids.js';
import { requestIdOf, serviceOf, type TraceIds, traceOf, userKeyOf } from './context.js';
import { nativeSha256Hex } from './native-sha256.js';
import { field } from './read.js';
import { eventTags, type TagPair } from './tags.js';
import { eventTime } from './timestamp.js';
import { culpritOf, titleOf } from './title.js';

const LEVELS = new Set(['fatal', 'error', 'warning', 'info', 'debug']);
/** Sentry's default when an SDK sends no environment (§4.1). */
export const DEFAULT_ENVIRONMENT = 'production';

export interface NormalizedEvent extends TraceIds {
  eventId: EventId;
  event: SentryEvent;
  timestamp: number;
  level: string;
  environment: string;
  release: string | null;
  transaction: string | null;
  title: string;
  culprit: string;
  fingerprint: string;
  groupingVersion: string;
  tags: TagPair[];
  requestId: string | null;
  service: string | null;
  userKey: string | null;
}

/** `warn` (Python's logging name) is Sentry's `warning`. */
function levelOf(event: SentryEvent): string {
  const raw = field(event, 'level', 16)?.toLowerCase();
  const level = raw === 'warn' ? 'warning' : raw;
  return level !== undefined && LEVELS.has(level) ? level : 'error';
}

/**
 * @example normalizeEvent({ eventId, event: { message: 'boom' } }, Date.now()).title // 'boom'
 */
export function normalizeEvent(item: IngestEvent, receivedAt: number): NormalizedEvent {
  const event = item.event;
  const tags = eventTags(event);
  return {
    eventId: asEventId(item.eventId),
    event,
    timestamp: eventTime(event.timestamp, receivedAt),
    level: levelOf(event),
    environment: field(event, 'environment', MAX_ENVIRONMENT_LENGTH) ?? DEFAULT_ENVIRONMENT,
    release: field(event, 'release', MAX_RELEASE_LENGTH) ?? null,
    transaction: field(event, 'transaction', MAX_NAME_LENGTH) ?? null,
    title: titleOf(event),
    culprit: culpritOf(event),
    fingerprint: fingerprint(event, nativeSha256Hex),
    groupingVersion: GROUPING_VERSION,
    tags,
    requestId: requestIdOf(event, tags),
    service: serviceOf(event, tags),
    userKey: userKeyOf(event),
    ...traceOf(event, item.dsc),
  };
}
