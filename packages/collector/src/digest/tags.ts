/**
 * Event tags (sentry-protocol.md §4.1): an object of string → string or, from some SDKs, a list
 * of `[key, value]` pairs. Bounded like Sentry's tagstore (200-character keys and values).
 */

import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS_PER_EVENT } from '../limits.js';
import { text } from './read.js';

export type TagPair = readonly [key: string, value: string];

/**
 * Tags unique to one event: aggregating them per issue would add a row per event to
 * issue_tags without making any search useful. They stay in the event payload (and the
 * request id in its own indexed column).
 */
export const PER_EVENT_TAG_KEYS: ReadonlySet<string> = new Set([
  'request_id',
  'requestId',
  'trace_id',
  'span_id',
  'event_id',
]);

/**
 * The tags of an event as pairs, later duplicates winning, at most MAX_TAGS_PER_EVENT.
 * @example eventTags({ tags: [['route', 'GET /a']] }) // [['route', 'GET /a']]
 */
export function eventTags(event: { tags?: unknown }): TagPair[] {
  const raw = event.tags;
  const entries: unknown[] = Array.isArray(raw)
    ? raw
    : typeof raw === 'object' && raw !== null
      ? Object.entries(raw)
      : [];
  const out = new Map<string, string>();
  for (const entry of entries) {
    if (!Array.isArray(entry)) continue;
    const key = text(entry[0], MAX_TAG_KEY_LENGTH);
    const value = typeof entry[1] === 'boolean' ? String(entry[1]) : text(entry[1], MAX_TAG_VALUE_LENGTH);
    if (key === undefined || value === undefined) continue;
    if (!out.has(key) && out.size >= MAX_TAGS_PER_EVENT) continue;
    out.set(key, value);
  }
  return [...out];
}

/**
 * A tag's value by key.
 * @example tagValue(tags, 'request_id')
 */
export function tagValue(tags: readonly TagPair[], key: string): string | undefined {
  return tags.find(([k]) => k === key)?.[1];
}
