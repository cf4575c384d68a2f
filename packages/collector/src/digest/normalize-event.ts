/**
 * An event read once, at the start of digest, into one typed shape that grouping, counting and
 * storing then use (sentry-protocol.md §4.1, §11.8). What errors and transactions share
 * (`eventBasics`): time (string|number, naive = UTC, clock drift corrected), environment
 * (default `production`), release, transaction name, tags, trace ids and service. An error adds
 * level (default `error`), title, culprit, fingerprint, request id and user key. The payload is
 * kept as sent (ingest scrubbed it).
 */

import { fingerprint, GROUPING_VERSION, type SentryEvent } from '@faultline/core';
import { applyFingerprintRules } from '../fingerprint-rules/apply-rules.js';
import { ruleSubject } from '../fingerprint-rules/rule-subject.js';
import {
  type FingerprintRule,
  type MatchedRule,
  NO_FINGERPRINT_RULES,
} from '../fingerprint-rules/rule-types.js';
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

/** Where a stored event records the fingerprint rule that set its fingerprint or title (Sentry's
 * key for the same fact), read by the "why are these grouped". */
export const FINGERPRINT_INFO_KEY = '_fingerprint_info';

/** An error event, ready to group, count and store. */
export interface NormalizedEvent extends EventBasics {
  level: string;
  title: string;
  culprit: string;
  fingerprint: string;
  groupingVersion: string;
  requestId: string | null;
  userKey: string | null;
  /** The project's fingerprint rule that set the fingerprint or title, if one matched. */
  rule?: MatchedRule;
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

/** The event as stored: what a rule set recorded under FINGERPRINT_INFO_KEY, and the key
 * removed when an SDK sent it (only digest says which rule matched). */
function withRuleInfo(event: SentryEvent, matched: MatchedRule | undefined): SentryEvent {
  if (matched !== undefined) return { ...event, [FINGERPRINT_INFO_KEY]: { matched_rule: matched } };
  if (!Object.hasOwn(event, FINGERPRINT_INFO_KEY)) return event;
  const { [FINGERPRINT_INFO_KEY]: _sent, ...rest } = event as Record<string, unknown>;
  return rest as SentryEvent;
}

/**
 * @param rules the project's fingerprint rules; the first that matches sets fingerprint and/or title
 * @example normalizeEvent({ eventId, event: { message: 'boom' } }, Date.now()).title // 'boom'
 */
export function normalizeEvent(
  item: IngestEvent,
  receivedAt: number,
  rules: readonly FingerprintRule[] = NO_FINGERPRINT_RULES,
): NormalizedEvent {
  const basics = eventBasics(item, receivedAt);
  const { event, tags } = basics;
  const level = levelOf(event);
  const outcome = applyFingerprintRules(rules, event, () => ruleSubject(event, tags, level), nativeSha256Hex);
  const normalized: NormalizedEvent = {
    ...basics,
    event: withRuleInfo(event, outcome?.matched),
    level,
    title: outcome?.title ?? titleOf(event),
    culprit: culpritOf(event),
    fingerprint: outcome?.fingerprint ?? fingerprint(event, nativeSha256Hex),
    groupingVersion: GROUPING_VERSION,
    requestId: requestIdOf(event, tags),
    userKey: userKeyOf(event),
  };
  if (outcome !== undefined) normalized.rule = outcome.matched;
  return normalized;
}
