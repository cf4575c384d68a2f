/**
 * What the issue page reads beside the issue (issue 19 §1): its tag facets, and its events
 * searched by the filters the issue list takes (query-params.ts `searchFilters`) plus a time range.
 */

import { badRequest, type RouteScope } from '@faultline/core';
import type { Params, Router } from '../http/router.js';
import { MAX_FACET_KEY_VALUES, MAX_FACET_KEYS, MAX_FACET_VALUES } from '../limits.js';
import type { EventQuery, IssueId, IssueTagFacet, Store } from '../store/index.js';
import { found, jsonRoute } from './json-route.js';
import { presentEventSummary } from './present.js';
import { filterText, pageSize, positiveInt, searchFilters } from './query-params.js';
import { instant } from './time-range.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A facet as the API shows it: each value's share of the key's total.
 * @example presentFacet({ key: 'os', total: 4, values: [{ value: 'Linux', count: 3, firstSeen: 0, lastSeen: 0 }] }).values[0].share // 0.75
 */
export function presentFacet(facet: IssueTagFacet) {
  return {
    key: facet.key,
    total: facet.total,
    values: facet.values.map((v) => ({
      value: v.value,
      count: v.count,
      share: facet.total > 0 ? v.count / facet.total : 0,
      firstSeen: iso(v.firstSeen),
      lastSeen: iso(v.lastSeen),
    })),
  };
}

/** `from` / `until`-style bounds of an event search: ISO dates, epoch ms or durations back. */
function eventTimes(q: URLSearchParams, now: number): Pick<EventQuery, 'from' | 'to'> {
  const fromRaw = filterText(q, 'from');
  const toRaw = filterText(q, 'to');
  const from = fromRaw === undefined ? undefined : instant(fromRaw, 'from', now);
  const to = toRaw === undefined ? undefined : instant(toRaw, 'to', now);
  if (from !== undefined && to !== undefined && from >= to) throw badRequest('from must be before to');
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/**
 * Mounts GET /api/v1/issues/:issueId/tags and GET /api/v1/issues/:issueId/events.
 * @example issueDetailRoutes(router, store)
 */
export function issueDetailRoutes(router: Router<RouteScope>, store: Store): void {
  const issueId = (p: Params) => positiveInt(p.issueId, 'issue id') as IssueId;
  router.on(
    'GET',
    '/api/v1/issues/:issueId/tags',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const id = issueId(p);
      const key = filterText(url.searchParams, 'key');
      found(await store.getIssue(id), 'issue');
      const facets = await store.issueTags({
        issueId: id,
        ...(key === undefined ? {} : { key }),
        maxKeys: key === undefined ? MAX_FACET_KEYS : 1,
        maxValues: key === undefined ? MAX_FACET_VALUES : MAX_FACET_KEY_VALUES,
      });
      return { items: facets.map(presentFacet) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/issues/:issueId/events',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const q = url.searchParams;
      const page = await store.listEvents({
        issueId: issueId(p),
        ...searchFilters(q),
        ...eventTimes(q, Date.now()),
        cursor: filterText(q, 'cursor'),
        limit: pageSize(q),
      });
      return { items: page.items.map(presentEventSummary), nextCursor: page.nextCursor };
    }),
  );
}
