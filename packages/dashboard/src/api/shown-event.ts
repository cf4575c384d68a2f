/** Which event the issue page shows, for its view and for the controller (which loads its attachments). */

import type { EventRecord } from './types.js';

/**
 * The event the issue page shows: the one `?event=` names once it has arrived (a pager step
 * keeps the previous one on screen, never shown as if it were the one asked for), else the
 * issue's latest.
 * @example shownEvent(undefined, undefined, issue.latestEvent) // the latest
 */
export function shownEvent(
  eventId: string | undefined,
  fetched: EventRecord | undefined,
  latest: EventRecord | null | undefined,
): EventRecord | undefined {
  if (eventId) return fetched?.eventId === eventId ? fetched : undefined;
  return latest ?? undefined;
}
