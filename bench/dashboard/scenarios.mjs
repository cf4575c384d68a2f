// The issue-list queries the bench times: the dashboard's default (what `/` asks for:
// status=unresolved, sorted by last seen, 50 rows, with 24 hours of sparkline counts) and the common filters and sorts, each as
// the API query string the dashboard's `filtersToApiQuery` would send, plus the same query
// as a store `IssueQuery` for the in-process anchor.

import { ISSUES, PAGE_SIZE } from './config.mjs';
import { culpritText } from './seed-world.mjs';

/** A text at most one issue's culprit holds: a search that cannot stop early. */
const RARE_TEXT = culpritText(ISSUES - 7);

/**
 * @param meta the seed's meta (releases), @param deepCursor the cursor DEEP_OFFSET issues in
 * @example scenarios(meta, cursor)[0] // { name: 'default: unresolved, last seen', query: 'limit=50&statsPeriod=24h&status=unresolved' }
 */
export function scenarios(meta, deepCursor) {
  const releases = meta.releases;
  const recent = releases.at(-2);
  const old = releases[1];
  const q = (name, params, why) => ({
    name,
    why,
    // statsPeriod: the list also asks for each row's sparkline counts, as the dashboard does.
    query: new URLSearchParams({ limit: String(PAGE_SIZE), statsPeriod: '24h', ...params }).toString(),
  });
  return [
    q('default: unresolved, last seen', { status: 'unresolved' }, 'what / and /issues load'),
    q('all statuses', {}, ''),
    q('status=resolved', { status: 'resolved' }, ''),
    q('status=ignored', { status: 'ignored' }, ''),
    q(`release=${recent} (recent)`, { status: 'unresolved', release: recent }, 'issue_tags EXISTS'),
    q(`release=${old} (old)`, { status: 'unresolved', release: old }, 'few recent matches'),
    q('environment=development (3 %)', { status: 'unresolved', environment: 'development' }, ''),
    q('text query=payment', { status: 'unresolved', query: 'payment' }, 'substring of title/culprit'),
    q(`text query="${RARE_TEXT}" (≤ 1 match)`, { status: 'unresolved', query: RARE_TEXT }, 'no early stop'),
    q('tag route:GET /v1/orders/:id', { status: 'unresolved', tag: 'route:GET /v1/orders/:id' }, ''),
    q('tag tenant:tenant-0700 (rare)', { status: 'unresolved', tag: 'tenant:tenant-0700' }, ''),
    q('sort=count', { status: 'unresolved', sort: 'count' }, ''),
    q('sort=firstSeen', { status: 'unresolved', sort: 'firstSeen' }, ''),
    q(`release=${recent} + sort=count`, { status: 'unresolved', release: recent, sort: 'count' }, ''),
    q('deep cursor (20,000 issues in)', { status: 'unresolved', cursor: deepCursor }, 'keyset page'),
  ];
}

/**
 * The store query the API builds from the same query string (api/routes.ts).
 * @example issueQuery(1, 'limit=50&status=unresolved')
 */
export function issueQuery(projectId, queryString) {
  const q = new URLSearchParams(queryString);
  const opt = (name, key = name) => (q.get(key) ? { [name]: q.get(key) } : {});
  const tags = q
    .getAll('tag')
    .map((t) => ({ key: t.slice(0, t.indexOf(':')), value: t.slice(t.indexOf(':') + 1) }));
  return {
    projectId,
    ...opt('status'),
    ...opt('release'),
    ...opt('environment'),
    ...opt('text', 'query'),
    ...(tags.length > 0 ? { tag: tags } : {}),
    sort: q.get('sort') ?? 'lastSeen',
    ...opt('cursor'),
    limit: Number(q.get('limit') ?? PAGE_SIZE),
  };
}
