/**
 * The incident answer for a request id that no stored event carries but sampled occurrences do
 * (issue 18 §1): under an error storm the server middleware sent the first errors of a site in
 * full and, for the others, one line naming the full event each is like. Each occurrence is
 * answered with its own request id, route, method, status and time, the event it is like (as the
 * lookup presents events) and "N like this, first at …".
 */

import type { ProjectId, SampledMatches } from '../store/index.js';
import { presentEventSummary } from './present.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Undefined when nothing matched.
 * @example presentSampled(await store.findSampled({ id, limit }), new Map([[1, 'shop']]))
 */
export function presentSampled(matches: SampledMatches, projectNames: ReadonlyMap<ProjectId, string>) {
  if (matches.occurrences.length === 0) return undefined;
  return {
    matchedBy: 'sampled' as const,
    ambiguous: matches.occurrences.length > 1 || matches.more,
    matchCount: matches.occurrences.length,
    moreMatches: matches.more,
    sampled: matches.occurrences.map((o) => ({
      projectId: o.projectId,
      projectName: projectNames.get(o.projectId) ?? null,
      requestId: o.requestId,
      traceId: o.traceId,
      method: o.method,
      route: o.route,
      status: o.status,
      timestamp: iso(o.timestamp),
      receivedAt: iso(o.receivedAt),
      likeEventId: o.likeEventId,
      like: o.like === undefined ? null : presentEventSummary(o.like),
      likeCount: o.likeCount,
      likeFirstAt: iso(o.likeFirstAt),
      summary: `sampled: ${o.likeCount} like this, first at ${iso(o.likeFirstAt)}`,
    })),
  };
}
