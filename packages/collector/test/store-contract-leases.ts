/**
 * The store contract for several collectors on one store: leases of once-only jobs and change
 * notices. PostgreSQL (concurrent handles): one holder at a time, taken over once run out, the last
 * run shared; notices of committed changes by another handle. SQLite: the one process holds every
 * lease, and nothing is ever noticed (there is no other collector to hear).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreFixture, StoreHandle } from './store-contract.js';

/** How long a notice may take on a loaded machine. */
const NOTICE_WAIT_MS = 10_000;

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + NOTICE_WAIT_MS;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`${what} not within ${NOTICE_WAIT_MS} ms`);
    await sleep(20);
  }
}

/**
 * @example contractLeases('postgres', fixture)
 */
export function contractLeases(name: string, fixture: StoreFixture): void {
  describe(`Store contract: ${name} leases and change notices`, () => {
    let handle: StoreHandle;
    before(async () => {
      handle = await fixture.create();
    });
    after(async () => {
      await handle?.store.close();
      await fixture.cleanup();
    });

    it('a lease has one holder at a time, passes on once run out or given up, and keeps the last run', async () => {
      const { store } = handle;
      const first = await store.tryLease('job', 'a', 60_000);
      assert.ok(first, 'a free lease is taken');
      assert.equal(first.ranAt, null, 'never ran');
      assert.equal(await store.startLeasedRun('job', 'a'), true);
      const renewed = await store.tryLease('job', 'a', 1);
      assert.ok(renewed && renewed.ranAt !== null && renewed.ranAt <= renewed.now, 'the run is recorded');
      if (!handle.concurrentHandles) {
        // SQLite: one process, every lease is its own.
        assert.ok(await store.tryLease('job', 'b', 60_000));
        return;
      }
      await sleep(20); // a's renewal above was for 1 ms
      const other = await handle.open();
      try {
        const taken = await other.tryLease('job', 'b', 60_000);
        assert.ok(taken, 'a run-out lease is taken over');
        assert.equal(taken.ranAt, renewed.ranAt, "the last run is the new holder's to see");
        assert.equal(await store.tryLease('job', 'a', 60_000), null, 'b holds it now');
        assert.equal(await store.startLeasedRun('job', 'a'), false, 'a non-holder records no run');
        assert.equal((await store.tryLease('other-job', 'a', 60_000)) !== null, true, 'leases are per name');
        await other.releaseLease('job', 'b');
        assert.ok(await store.tryLease('job', 'a', 60_000), 'a lease given up is free at once');
      } finally {
        await other.close();
      }
    });

    it('a change committed through another handle is noticed, with its table', async () => {
      const { store } = handle;
      const seen: string[] = [];
      const watch = store.watchChanges((table) => seen.push(table));
      try {
        if (!handle.concurrentHandles) {
          await store.createProject('unheard');
          await sleep(100);
          assert.deepEqual(seen, [], 'SQLite notices nothing');
          return;
        }
        await until('the listener listening', () => seen.includes('*'));
        const other = await handle.open();
        try {
          const project = await other.createProject('noticed');
          await until('the projects notice', () => seen.includes('projects'));
          await other.createKey(project.id);
          await until('the project_keys notice', () => seen.includes('project_keys'));
        } finally {
          await other.close();
        }
      } finally {
        await watch.close();
      }
    });
  });
}
