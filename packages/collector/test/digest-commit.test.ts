/** Group commit (ARCHITECTURE.md "Durability promise"): many batches, one transaction. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCommit } from '../src/digest/commit.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent } from './digest-fixtures.js';
import { tempStore } from './digest-sqlite.js';

/** The store, counting its write transactions. */
function counting(store: Store): { store: Store; writes: () => number } {
  let writes = 0;
  const wrapped: Store = Object.create(store);
  wrapped.write = (fn) => {
    writes++;
    return store.write(fn);
  };
  return { store: wrapped, writes: () => writes };
}

describe('digest: createCommit', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ store, dispose } = await tempStore());
  });
  after(() => dispose());

  it('commits three batches in one transaction', async () => {
    const projectId = (await store.createProject('commit')).id;
    const { store: counted, writes } = counting(store);
    const results: unknown[] = [];
    const commit = createCommit(counted, { onCommitted: (r) => results.push(r) });
    await commit([
      batch(projectId, [bugEvent()]),
      batch(projectId, [bugEvent()]),
      batch(projectId, [bugEvent()]),
    ]);
    assert.equal(writes(), 1);
    assert.equal(results.length, 1);
    const page = await store.listIssues({ projectId, sort: 'count', limit: 5 });
    assert.equal(page.items[0]?.count, 3);
    await commit([]);
    assert.equal(writes(), 1, 'an empty group does not open a transaction');
  });

  it('stores nothing of the group when its third batch fails', async () => {
    const projectId = (await store.createProject('atomic')).id;
    const commit = createCommit(store);
    const unknownProject = 987_654; // the foreign key on issues.project_id refuses it
    await assert.rejects(
      commit([
        batch(projectId, [bugEvent()], {
          sessions: [{ init: true, started: Date.now() / 1000, attrs: { release: 'r' } }],
        }),
        batch(projectId, [bugEvent({ fn: 'other' })]),
        batch(unknownProject, [bugEvent()]),
      ]),
    );
    assert.deepEqual((await store.listIssues({ projectId, sort: 'count', limit: 5 })).items, []);
    assert.deepEqual(await store.sessionCounts({ projectId, from: 0, to: Date.now() + 60_000 }), []);
    assert.deepEqual(await store.listReleases(projectId), []);
    await commit([batch(projectId, [bugEvent()])]);
    assert.equal(
      (await store.listIssues({ projectId, sort: 'count', limit: 5 })).items.length,
      1,
      'the store still works',
    );
  });
});
