/** Contract part: issue listings: every sort paged with a cursor (no duplicates, no gaps,
 * id as tiebreak) and every filter (status, release, environment, text, tags). */

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { digestBatches } from '../src/digest/digest.js';
import type { ProjectId } from '../src/store/ids.js';
import type { IssueSort } from '../src/store/queries.js';
import type { IssueRecord } from '../src/store/records.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent } from './digest-fixtures.js';

interface Spec {
  fn: string;
  events: number;
  day: number;
  release: string;
  environment: string;
  route: string;
}

// Counts repeat (ties broken by id); first/last seen differ per issue.
const SPECS: Spec[] = [
  { fn: 'alpha', events: 3, day: 1, release: 'r1', environment: 'production', route: 'GET /a' },
  { fn: 'bravo', events: 1, day: 2, release: 'r1', environment: 'staging', route: 'GET /b' },
  { fn: 'charlie', events: 3, day: 3, release: 'r2', environment: 'production', route: 'GET /a' },
  { fn: 'delta', events: 2, day: 4, release: 'r2', environment: 'production', route: 'POST /c' },
  { fn: 'echo', events: 1, day: 5, release: 'r3', environment: 'staging', route: 'GET /a' },
  { fn: 'foxtrot', events: 2, day: 6, release: 'r3', environment: 'production', route: 'GET /b' },
  { fn: 'golf', events: 3, day: 7, release: 'r1', environment: 'production', route: 'GET /a' },
];

const SORT_VALUE: Record<IssueSort, (i: IssueRecord) => number> = {
  lastSeen: (i) => i.lastSeen,
  firstSeen: (i) => i.firstSeen,
  count: (i) => i.count,
};

/**
 * Registers the listing tests inside the contract's describe block.
 * @example contractListing(() => store, project)
 */
export function contractListing(getStore: () => Store, newProject: () => Promise<ProjectId>): void {
  describe('issue listings', () => listingTests(getStore, newProject));
}

function listingTests(getStore: () => Store, newProject: () => Promise<ProjectId>): void {
  let projectId: ProjectId;
  let all: IssueRecord[];
  const list = (q: Partial<Parameters<Store['listIssues']>[0]>) =>
    getStore().listIssues({ projectId, sort: 'lastSeen', limit: 50, ...q });
  const fns = (items: IssueRecord[]) => items.map((i) => i.culprit.split(' in ')[1]).sort();

  before(async () => {
    projectId = await newProject();
    const base = Date.UTC(2024, 0, 1);
    const batches = SPECS.map((s) => {
      const events = Array.from({ length: s.events }, (_, k) =>
        bugEvent(
          { fn: s.fn, value: `${s.fn} failed` },
          {
            timestamp: (base + s.day * 86_400_000 + k * (8 - s.day) * 3_600_000) / 1000,
            release: s.release,
            environment: s.environment,
            tags: [['route', s.route]],
          },
        ),
      );
      return batch(projectId, events);
    });
    await getStore().write((tx) => digestBatches(tx, batches));
    all = (await list({ limit: 100 })).items;
    assert.equal(all.length, SPECS.length);
    const bravo = all.find((i) => i.culprit.endsWith('bravo'))!;
    await getStore().updateIssueStatus(bravo.id, 'resolved');
  });

  for (const sort of ['lastSeen', 'firstSeen', 'count'] as const) {
    it(`pages issues by ${sort} with a cursor: no duplicates, no gaps`, async () => {
      const expected = [...all]
        .sort((a, b) => SORT_VALUE[sort](b) - SORT_VALUE[sort](a) || b.id - a.id)
        .map((i) => i.id);
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await list({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items.map((i) => i.id));
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
      assert.deepEqual(seen, expected);
    });
  }

  it('filters issues by status, release, environment, text and tags', async () => {
    assert.deepEqual(fns((await list({ status: 'resolved' })).items), ['bravo']);
    assert.equal((await list({ status: 'unresolved' })).items.length, 6);
    assert.deepEqual(fns((await list({ release: 'r1' })).items), ['alpha', 'bravo', 'golf']);
    assert.deepEqual(fns((await list({ environment: 'staging' })).items), ['bravo', 'echo']);
    assert.deepEqual(fns((await list({ text: 'CHARLIE' })).items), ['charlie']);
    assert.deepEqual(fns((await list({ text: 'src.users in' })).items).length, 7);
    assert.deepEqual(fns((await list({ tag: [{ key: 'route', value: 'GET /a' }] })).items), [
      'alpha',
      'charlie',
      'echo',
      'golf',
    ]);
    const both = await list({
      tag: [{ key: 'route', value: 'GET /a' }],
      release: 'r1',
      environment: 'production',
    });
    assert.deepEqual(fns(both.items), ['alpha', 'golf']);
    assert.deepEqual((await list({ text: 'no such words' })).items, []);
  });
}
