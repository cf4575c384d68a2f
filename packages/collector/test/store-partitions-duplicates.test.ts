/**
 * On partitioned events no unique key holds (project_id, event_id) alone, so the same event sent
 * to several collectors at the same moment must still be stored and counted once: the issue row
 * lock orders their transactions and the later one looks again before inserting. Three stores on
 * one schema commit the same events at once, received at different milliseconds.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type EngineHandle,
  postgresEngine,
  postgresUrl,
  registerPostgresMissing,
} from '@faultline/test-support';
import type { ProjectId } from '../src/store/ids.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

const STORES = 3;
const ROUNDS = 40;

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('a duplicate raced over partitioned events (PostgreSQL)');
else
  describe('a duplicate raced over partitioned events (PostgreSQL)', () => {
    let handle: EngineHandle;
    const others: Store[] = [];
    before(async () => {
      handle = await postgresEngine(url).open();
      if (handle.location.kind !== 'postgres') throw new Error('a PostgreSQL engine');
      for (let i = 1; i < STORES; i++)
        others.push(createPostgresStore({ connectionString: url, schema: handle.location.schema }));
    });
    after(async () => {
      for (const s of others) await s.close();
      await handle?.dispose();
    });

    it(`stores and counts each of ${ROUNDS} events once when ${STORES} collectors commit it at once`, async () => {
      const stores = [handle.store, ...others];
      const projectId = (await handle.store.createProject('duplicates')).id as ProjectId;
      const start = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        // A new issue every few rounds: the race is on a new issue's insert and on an existing row.
        const e = ingestEvent(bugEvent({ fn: `fn${Math.floor(round / 4)}` }));
        await Promise.all(
          stores.map((s, k) => ingest(s, { ...batch(projectId, [e]), receivedAt: start + round * 10 + k })),
        );
      }
      const rows = await handle.rows<{ n: number; distinct_ids: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_ids FROM events',
      );
      assert.deepEqual(rows[0], { n: ROUNDS, distinct_ids: ROUNDS });
      const issues = await handle.store.listIssues({ projectId, sort: 'lastSeen', limit: 50 });
      assert.equal(
        issues.items.reduce((sum, i) => sum + i.count, 0),
        ROUNDS,
        'each event counted once',
      );
    });
  });
