/**
 * The issue list across several projects (`GET /api/v1/issues`): each project's page read
 * through its own index (every issue index leads with project_id, which partitions on
 * PostgreSQL), merged in sort order. The cursor is the same keyset position as one project's
 * (sort value, then id, both descending), and ids are unique across projects, so the next page
 * of every project starts right after it: no offsets, nothing skipped or repeated.
 */

import { MAX_PROJECT_PAGES_AT_ONCE } from '../limits.js';
import type { IssueQuery, IssueRecord, Page, ProjectId, Store } from '../store/index.js';
import { encodeCursor } from '../store/index.js';

const SORT_VALUE: Record<IssueQuery['sort'], (i: IssueRecord) => number> = {
  lastSeen: (i) => i.lastSeen,
  firstSeen: (i) => i.firstSeen,
  count: (i) => i.count,
};

/**
 * @example await listIssuesAcross(store, [1, 2, 3], { sort: 'lastSeen', limit: 50 })
 */
export async function listIssuesAcross(
  store: Pick<Store, 'listIssues'>,
  projectIds: readonly ProjectId[],
  query: Omit<IssueQuery, 'projectId'>,
): Promise<Page<IssueRecord>> {
  const pages: Page<IssueRecord>[] = [];
  for (let i = 0; i < projectIds.length; i += MAX_PROJECT_PAGES_AT_ONCE)
    pages.push(
      ...(await Promise.all(
        projectIds
          .slice(i, i + MAX_PROJECT_PAGES_AT_ONCE)
          .map((projectId) => store.listIssues({ ...query, projectId })),
      )),
    );
  const value = SORT_VALUE[query.sort];
  const merged = pages.flatMap((p) => p.items).sort((a, b) => value(b) - value(a) || b.id - a.id);
  const items = merged.slice(0, query.limit);
  const more = merged.length > query.limit || pages.some((p) => p.nextCursor !== null);
  const last = items.at(-1);
  return {
    items,
    nextCursor: more && last !== undefined ? encodeCursor({ value: value(last), id: last.id }) : null,
  };
}
