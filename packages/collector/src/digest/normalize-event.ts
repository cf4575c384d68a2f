/**
 * An event read once, at the start of digest, into one typed shape that grouping, counting and
 * storing then use (sentry-protocol.md §4.1, §11.8). What errors and transactions share
 * (`eventBasics`): time (string|number, naive = UTC, clock drift corrected), environment
 * (default `production`), release, transaction name, tags, trace ids and service. An error adds
 * level (default `error`), title, culprit, fingerprint, request id and user key. The payload is
 * kept as sent (ingest scrubbed it).
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

/** What every event, error or transaction, has: read once by `eventBasics`. */
export interface EventBasics extends TraceIds {
  eventId: EventId;
  event: SentryEvent;
  /** When it happened (ms); an unreadable or far-future time is the receive time. */
  timestamp: number;
  environment: string;
  release: string | null;
  transaction: string | null;
  tags: TagPair[];
  service: string | null;
}

/** An error event, ready to group, count and store. */
export interface NormalizedEvent extends EventBasics {
  level: string;
  title: string;
  culprit: string;
  fingerprint: string;
  groupingVersion: string;
  requestId: string | null;
  userKey: string | null;
}

/** `warn` (Python's logging name) is Sentry's `warning`. */
function levelOf(event: SentryEvent): string {
  const raw = field(event, 'level', 16)?.toLowerCase();
  const level = raw === 'warn' ? 'warning' : raw;
  return level !== undefined && LEVELS.has(level) ? level : 'error';
}

/**
 * The fields errors and transactions share.
 * @example eventBasics({ eventId, event: { release: 'shop@1.2.3' } }, Date.now()).environment // 'production'
 */
export function eventBasics(item: IngestEvent, receivedAt: number): EventBasics {
  const event = item.event;
  const tags = eventTags(event);
  return {
    eventId: asEventId(item.eventId),
    event,
    timestamp: eventTime(event.timestamp, receivedAt),
    environment: field(event, 'environment', MAX_ENVIRONMENT_LENGTH) ?? DEFAULT_ENVIRONMENT,
    release: field(event, 'release', MAX_RELEASE_LENGTH) ?? null,
    transaction: field(event, 'transaction', MAX_NAME_LENGTH) ?? null,
    tags,
    service: serviceOf(event, tags),
    ...traceOf(event, item.dsc),
  };
}

/**
 * @example normalizeEvent({ eventId, event: { message: 'boom' } }, Date.now()).title // 'boom'
 */
export function normalizeEvent(item: IngestEvent, receivedAt: number): NormalizedEvent {
  const basics = eventBasics(item, receivedAt);
  const { event, tags } = basics;
  return {
    ...basics,
    level: levelOf(event),
    title: titleOf(event),
    culprit: culpritOf(event),
    fingerprint: fingerprint(event, nativeSha256Hex),
    groupingVersion: GROUPING_VERSION,
    requestId: requestIdOf(event, tags),
    userKey: userKeyOf(event),
  };
}
