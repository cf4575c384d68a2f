/**
 * PostgreSQL's partition maintenance: migrate leaves today's partition and
 * EVENT_PARTITIONS_AHEAD_DAYS more; a later pass makes the missing days once, also when two
 * collectors run it at the same moment; an event received on a day that had no partition waits
 * in the default partition and moves into its day's partition when that is made.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY_MS } from '@faultline/core';
import {
  type EngineHandle,
  postgresEngine,
  postgresUrl,
  registerPostgresMissing,
} from '@faultline/test-support';
import { EVENT_PARTITIONS_AHEAD_DAYS } from '../src/limits.js';
import type { ProjectId } from '../src/store/ids.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

const dayName = (ms: number) => `events_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
const daysFrom = (ms: number) =>
  Array.from({ length: EVENT_PARTITIONS_AHEAD_DAYS + 1 }, (_, k) => dayName(ms + k * DAY_MS));

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('event partition maintenance (PostgreSQL)');
else
  describe('event partition maintenance (PostgreSQL)', () => {
    let handle: EngineHandle;
    before(async () => {
      handle = await postgresEngine(url).open();
    });
    after(async () => handle?.dispose());

    const partitions = async () =>
      (
        await handle.rows<{ name: string }>(
          "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('events')",
        )
      ).map((r) => r.name);

    it('migrate makes today and the days ahead; a pass makes only what is missing', async () => {
      const now = Date.now();
      const names = await partitions();
      for (const name of daysFrom(now)) assert.ok(names.includes(name), name);
      assert.deepEqual(await handle.store.maintainPartitions(now), []);
      const later = now + 10 * DAY_MS;
      assert.deepEqual(await handle.store.maintainPartitions(later), daysFrom(later));
      assert.deepEqual(await handle.store.maintainPartitions(later), []);
    });

    it('makes each day once when two collectors run it at the same moment', async () => {
      if (handle.location.kind !== 'postgres') throw new Error('a PostgreSQL engine');
      const other = createPostgresStore({ connectionString: url, schema: handle.location.schema });
      try {
        const later = Date.now() + 30 * DAY_MS;
        const [a, b] = await Promise.all([
          handle.store.maintainPartitions(later),
          other.maintainPartitions(later),
        ]);
        assert.deepEqual([...a, ...b].sort(), daysFrom(later));
      } finally {
        await other.close();
      }
    });

    it('moves the events of a day without a partition out of the default one when the day is made', async () => {
      const { store } = handle;
      const projectId = (await store.createProject('maintenance')).id as ProjectId;
      const receivedAt = Date.now() - 60 * DAY_MS;
      const e = ingestEvent(bugEvent({}, { timestamp: receivedAt / 1000 }));
      await ingest(store, { ...batch(projectId, [e]), receivedAt });
      const inDefault = async () =>
        (await handle.rows<{ n: number }>('SELECT count(*)::int AS n FROM events_default'))[0]?.n;
      assert.equal(await inDefault(), 1);
      const made = await store.maintainPartitions(receivedAt);
      assert.equal(made[0], dayName(receivedAt));
      assert.equal(await inDefault(), 0);
      const moved = await handle.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${dayName(receivedAt)}`);
      assert.equal(moved[0]?.n, 1);
      assert.equal((await store.getEvent(e.eventId, projectId))?.eventId, e.eventId);
    });
  });
