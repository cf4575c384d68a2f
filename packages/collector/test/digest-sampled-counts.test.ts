/**
 * Sampled occurrences in digest and the store (issue 18 §1), on both engines: each is counted on
 * the issue of the event it is like (also when that event came in the same group commit), a
 * resent one is neither stored nor counted again, one whose event is unknown is stored and found
 * but not counted, and retention by age removes them.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SampledOccurrence } from '@faultline/core';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import type { ProjectId } from '../src/store/ids.js';
import { batch, bugEvent, ingestEvent, newEventId } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

const occurrence = (requestId: string, like: string, at: number): SampledOccurrence => ({
  requestId,
  method: 'GET',
  route: '/boom',
  status: 500,
  timestamp: at / 1000,
  like,
});

forEachEngine((engine) =>
  describe(`sampled occurrences (${engine.name})`, () => {
    let handle: EngineHandle;
    before(async () => {
      handle = await engine.open();
    });
    after(async () => handle?.dispose());

    it('count on the like event issue once each; an unknown like is stored, found, not counted; retention removes them', async () => {
      const { store } = handle;
      const projectId = (await store.createProject('storm')).id as ProjectId;
      const now = Date.now();
      const full = ingestEvent(bugEvent());
      const early = [occurrence('r-1', full.eventId, now + 1), occurrence('r-2', full.eventId, now + 2)];
      // The event and its first occurrences in one group commit: the occurrences come after it.
      await ingest(store, batch(projectId, [], { sampled: early }), batch(projectId, [full]));
      const issueCount = async () =>
        (await store.listIssues({ projectId, sort: 'lastSeen', limit: 2 })).items;
      assert.deepEqual(
        (await issueCount()).map((i) => i.count),
        [3],
      );
      // Resent (a retried envelope), plus a new one and one like an event never stored.
      const unknown = newEventId();
      await ingest(
        store,
        batch(projectId, [], {
          sampled: [...early, occurrence('r-3', full.eventId, now + 3000), occurrence('r-4', unknown, now)],
        }),
      );
      const [issue] = await issueCount();
      assert.equal(issue?.count, 4, 'the resent ones are not counted again, the unknown like not at all');
      assert.equal(issue?.lastSeen, now + 3000);

      const r3 = await store.findSampled({ id: 'r-3', limit: 5 });
      assert.equal(r3.occurrences.length, 1);
      assert.equal(r3.occurrences[0]?.like?.eventId, full.eventId);
      assert.equal(r3.occurrences[0]?.likeCount, 3);
      assert.equal(r3.occurrences[0]?.likeFirstAt, now + 1);
      const r4 = await store.findSampled({ id: 'r-4', projectId, limit: 5 });
      assert.equal(r4.occurrences[0]?.like, undefined, 'found, though its event is not stored');
      assert.equal(r4.occurrences[0]?.likeCount, 1);

      await store.deleteEvents({ olderThan: Date.now() + 60_000, now: Date.now() });
      assert.deepEqual((await store.findSampled({ id: 'r-3', limit: 5 })).occurrences, []);
    });
  }),
);
