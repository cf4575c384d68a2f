/**
 * The answer of GET /api/v1/incidents/<id>. Any holder of a DSN key (public in browser apps)
 * can send an event carrying someone else's request id, so an id may name events of several
 * projects and senders. The answer never picks one silently: it shows one event (as before, so
 * old clients keep working) and lists every match with its project and SDK, with `ambiguous`
 * set when there is more than one. For request ids, events from Faultline's own reporter come
 * first (the sender of a 500's `instance`); then the order of storing, oldest first, because a
 * forger learns a request id only after the genuine event was sent. Any sender can claim the
 * SDK name too, so this ordering only decides which event is shown, never which are listed.
 */

import { FAULTLINE_SDK_NAME } from '@faultline/core';
import { MAX_NAME_LENGTH } from '../limits.js';
import type { EventRecord, IncidentMatches, ProjectId } from '../store/index.js';
import { eventPath, presentEvent } from './present.js';

export interface SdkName {
  name: string;
  version: string | null;
}

const short = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v.slice(0, MAX_NAME_LENGTH) : null;

/**
 * The `sdk` an event says it was sent by, or null.
 * @example sdkOf(event) // { name: 'faultline.server', version: '0.1.0' }
 */
export function sdkOf(event: EventRecord): SdkName | null {
  const sdk = event.payload.sdk as unknown;
  if (typeof sdk !== 'object' || sdk === null) return null;
  const name = short((sdk as Record<string, unknown>).name);
  return name === null ? null : { name, version: short((sdk as Record<string, unknown>).version) };
}

/**
 * The matches in the order they are listed; the first is the one shown.
 * @example rankMatches(await store.findIncidents({ id, limit }))[0]
 */
export function rankMatches(matches: IncidentMatches): EventRecord[] {
  if (matches.matchedBy !== 'requestId') return matches.events;
  const ours = (e: EventRecord) => (sdkOf(e)?.name === FAULTLINE_SDK_NAME ? 0 : 1);
  // Array.prototype.sort is stable: within each group the store's order stays.
  return [...matches.events].sort((a, b) => ours(a) - ours(b));
}

/**
 * The incident answer: the first ranked event's fields (the shape of GET /api/v1/events/<id>),
 * plus `matchedBy`, `ambiguous`, `matchCount`, `moreMatches` and `matches`. Undefined when
 * nothing matched.
 * @example presentIncident(await store.findIncidents({ id, limit }), new Map([[1, 'shop']]))
 */
export function presentIncident(matches: IncidentMatches, projectNames: ReadonlyMap<ProjectId, string>) {
  const ranked = rankMatches(matches);
  const shown = ranked[0];
  if (shown === undefined) return undefined;
  return {
    ...presentEvent(shown),
    matchedBy: matches.matchedBy,
    ambiguous: ranked.length > 1 || matches.more,
    matchCount: ranked.length,
    moreMatches: matches.more,
    matches: ranked.map((e) => ({
      projectId: e.projectId,
      projectName: projectNames.get(e.projectId) ?? null,
      eventId: e.eventId,
      issueId: e.issueId,
      requestId: e.requestId,
      title: e.title,
      sdk: sdkOf(e),
      timestamp: new Date(e.timestamp).toISOString(),
      receivedAt: new Date(e.receivedAt).toISOString(),
      links: {
        self: eventPath(e),
        issue: `/api/v1/issues/${e.issueId}`,
      },
    })),
  };
}
