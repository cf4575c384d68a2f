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

/**
 * The next page that holds an event: a filtered search tests a bounded number of events per page
 * (the collector's MAX_EVENT_SEARCH_SCAN), so a rare value's page may be empty with a cursor.
 * Follows at most `maxEmpty` such pages; the last one read is returned, empty or not.
 * @example await nextMatches((cursor) => api.listEvents(7, cursor, tag), undefined, 10)
 */
export async function nextMatches(
  fetchPage: (cursor: string | undefined) => Promise<Page<EventSummary>>,
  cursor: string | undefined,
  maxEmpty: number,
): Promise<Page<EventSummary>> {
  let page = await fetchPage(cursor);
  for (let skipped = 0; page.items.length === 0 && page.nextCursor !== null && skipped < maxEmpty; skipped++)
    page = await fetchPage(page.nextCursor);
  return page;
}
