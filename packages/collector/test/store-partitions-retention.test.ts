/**
 * Retention by age over events received across many days, on both engines. SQLite deletes every
 * event received before `olderThan`, to the millisecond. PostgreSQL is day-granular: the days
 * wholly older are dropped as partitions (not emptied row by row), the day that straddles
 * `olderThan` stays whole until a later pass finds it wholly older, and events of days without a
 * partition (the default one) go to the millisecond. Issue counts and hourly counts are what they
 * were, and the per-issue cap still deletes rows, newest kept.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY_MS, HOUR_MS } from '@faultline/core';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import type { IssueId, ProjectId } from '../src/store/ids.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

forEachEngine((engine) =>
  describe(`retention by age over daily partitions (${engine.name})`, () => {
    let handle: EngineHandle;
    before(async () => {
      handle = await engine.open();
    });
    after(async () => handle?.dispose());

    const partitions = async () =>
      (
        await handle.rows<{ name: string }>(
          "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('events') ORDER BY 1",
        )
      ).map((r) => r.name);
    const dayName = (ms: number) => `events_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;

    it('deletes exactly what was received before olderThan; PostgreSQL drops the old days whole', async () => {
      const { store } = handle;
      const now = Date.now();
      const straddled = now - 2 * DAY_MS - ((now - 2 * DAY_MS) % DAY_MS);
      const cutoff = straddled + 3 * HOUR_MS;
      // Partitions for ten days back to today (PostgreSQL); the 20-day-old event has none.
      await store.maintainPartitions(now - 10 * DAY_MS);
      await store.maintainPartitions(now - 5 * DAY_MS);
      const projectId = (await store.createProject('retention by day')).id as ProjectId;
      const received = [
        ...[1, 2, 3].map(() => now - 10 * DAY_MS),
        now - 20 * DAY_MS,
        ...[1, 2].map(() => now - 5 * DAY_MS),
        straddled + HOUR_MS,
        cutoff - 1,
        cutoff,
        straddled + 5 * HOUR_MS,
        now - 1000,
        now,
      ];
      const ids: string[] = [];
      for (const receivedAt of received) {
        const e = ingestEvent(bugEvent({}, { timestamp: receivedAt / 1000 }));
        ids.push(e.eventId);
        await ingest(store, { ...batch(projectId, [e]), receivedAt });
      }
      const issue = (await store.listIssues({ projectId, sort: 'lastSeen', limit: 5 })).items;
      assert.equal(issue.length, 1);
      const issueId = issue[0]!.id as IssueId;
      const window = { issueIds: [issueId], from: now - 16 * DAY_MS, to: now + HOUR_MS, bucketMs: HOUR_MS };
      const hourly = await store.issueEventCounts(window);
      if (engine.name === 'PostgreSQL') {
        const before = await partitions();
        assert.ok(before.includes(dayName(now - 10 * DAY_MS)) && before.includes(dayName(straddled)));
      }

      const deleted = await store.deleteEvents({ olderThan: cutoff, now });

      // PostgreSQL keeps the straddled day whole: from its start on, nothing went.
      const keptFrom = engine.name === 'PostgreSQL' ? straddled : cutoff;
      const isKept = (k: number) => (received[k] as number) >= keptFrom;
      assert.equal(deleted, received.filter((_, k) => !isKept(k)).length, 'the count of what went');
      const left = await store.listEvents({ issueId, limit: 50 });
      const kept = ids.filter((_, k) => isKept(k));
      assert.deepEqual(new Set(left.items.map((e) => e.eventId)), new Set(kept));
      for (const [k, id] of ids.entries())
        assert.equal((await store.getEvent(id, projectId)) !== undefined, isKept(k), id);
      assert.equal((await store.getIssue(issueId))?.count, received.length, 'counts are history');
      assert.deepEqual(await store.issueEventCounts(window), hourly, 'hourly counts are history too');

      if (engine.name === 'PostgreSQL') {
        const names = await partitions();
        const stale = names.filter((n) => n !== 'events_default' && n < dayName(straddled));
        assert.deepEqual(stale, [], 'the days wholly before olderThan are dropped');
        assert.ok(names.includes(dayName(straddled)), 'the straddled day stays, with its newer rows');
        assert.ok(names.includes(dayName(now)) && names.includes('events_default'));
        // Once the straddled day is wholly older, it goes whole: at most one day past olderThan.
        const nextDay = straddled + DAY_MS;
        assert.equal(await store.deleteEvents({ olderThan: nextDay, now }), 4);
        assert.ok(!(await partitions()).includes(dayName(straddled)));
        kept.splice(0, kept.length, ...ids.filter((_, k) => (received[k] as number) >= nextDay));
      }

      // The per-issue cap deletes rows, newest kept, on any layout.
      assert.equal(await store.deleteEvents({ maxPerIssue: 1 }), kept.length - 1);
      const last = await store.listEvents({ issueId, limit: 50 });
      assert.deepEqual(
        last.items.map((e) => e.eventId),
        [ids.at(-1)],
      );
    });
  }),
);
