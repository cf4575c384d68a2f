/** Silences as the API shows them: times as ISO 8601 strings, whether it holds now, its links. */

import { silenceActive } from '../alerts/evaluate/match-silence.js';
import type { Silence } from '../alerts/silences/silence-types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * @param now the clock `active` is judged at (ms)
 * @example presentSilence(silence, Date.now()).endsAt // '2026-12-08T09:00:00.000Z'
 */
export function presentSilence(s: Silence, now: number) {
  const self = `/api/v1/silences/${s.id}`;
  return {
    id: s.id,
    projectId: s.projectId,
    matchers: s.matchers,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    untilResolved: s.untilResolved,
    comment: s.comment,
    createdBy: s.createdBy,
    endedAt: iso(s.endedAt),
    active: silenceActive(s, now),
    links: { self, expire: `${self}/expire` },
  };
}
