/**
 * Where the shown event sits among an issue's events (newest first, as the API lists them),
 * and which events "Newer" and "Older" go to. Only the pages loaded so far are known; past the
 * last one, "Older" needs the next page first.
 */

import type { EventSummary, Page } from './types.js';

export interface PagerPosition {
  /** 0 for the newest event; -1 when the shown event is not among the loaded ones. */
  index: number;
  /** Events loaded so far. */
  loaded: number;
  /** More events exist beyond the loaded pages. */
  more: boolean;
  newer: string | undefined;
  older: string | undefined;
}

/**
 * @param eventId the event shown; undefined means the latest (the first listed)
 * @example pagerPosition({ items: [a, b], nextCursor: null }, b.eventId) // { index: 1, newer: a.eventId, older: undefined, ... }
 */
export function pagerPosition(events: Page<EventSummary>, eventId: string | undefined): PagerPosition {
  const { items } = events;
  const index =
    eventId === undefined ? (items.length > 0 ? 0 : -1) : items.findIndex((e) => e.eventId === eventId);
  return {
    index,
    loaded: items.length,
    more: events.nextCursor !== null,
    newer: index > 0 ? items[index - 1]?.eventId : undefined,
    older: index >= 0 ? items[index + 1]?.eventId : undefined,
  };
}

/** Two pages as one: the loaded events, then the next page's, with the newer cursor. */
export function appendPage(loaded: Page<EventSummary>, next: Page<EventSummary>): Page<EventSummary> {
  const seen = new Set(loaded.items.map((e) => e.eventId));
  return {
    items: [...loaded.items, ...next.items.filter((e) => !seen.has(e.eventId))],
    nextCursor: next.nextCursor,
  };
}
