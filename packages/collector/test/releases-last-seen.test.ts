/**
 * A release's "last seen" is never in the future: request counts are per minute, and the end
 * of the current minute (what the releases page showed) has not happened yet; a sender whose
 * clock runs ahead must not move it past now either. SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINUTE_MS } from '@faultline/core';
import { forEachEngine } from '@faultline/test-support';
import { digestBatches } from '../src/digest/digest.js';
import { batch, bugEvent, minuteOf, routeRatesItem } from './digest-fixtures.js';
import { useProjectStore } from './project-store.js';

/** `release`'s five requests in `minute`. */
const counts = (release: string, minute: number) => routeRatesItem({ release }, minute, 5);

forEachEngine((engine) => {
  describe(`release last seen (${engine.name})`, () => {
    const db = useProjectStore(engine, 'releases');

    const health = async (version: string) => {
      const release = (await db.store.releaseHealth(db.projectId)).find((r) => r.version === version);
      assert.ok(release, `release ${version} is listed`);
      return release;
    };

    it("requests counted in the current minute: the minute's start, not its end", async () => {
      const minute = minuteOf(Date.now());
      await db.store.write((tx) =>
        digestBatches(tx, [batch(db.projectId, [], { routeRates: [counts('api@1', minute)] })]),
      );
      const release = await health('api@1');
      const now = Date.now();
      assert.ok(release.lastSeen <= now, `last seen ${release.lastSeen - now} ms in the future`);
      assert.equal(release.lastSeen, minute);
      assert.equal(release.requests, 5);
    });

    it("a sender's clock ten minutes ahead does not move it past now", async () => {
      const before = Date.now();
      const ahead = minuteOf(before + 10 * MINUTE_MS);
      await db.store.write((tx) =>
        digestBatches(tx, [batch(db.projectId, [], { routeRates: [counts('api@2', ahead)] })]),
      );
      const release = await health('api@2');
      const now = Date.now();
      assert.ok(release.lastSeen <= now, `last seen ${release.lastSeen - now} ms in the future`);
      assert.ok(release.firstSeen <= release.lastSeen);
      assert.ok(release.lastSeen >= before, 'it is the present, not some old time');
    });

    it('an event later in the minute than its requests: the event time', async () => {
      const minute = minuteOf(Date.now());
      await db.store.write((tx) =>
        digestBatches(tx, [batch(db.projectId, [], { routeRates: [counts('api@3', minute)] })]),
      );
      const receivedAt = Date.now();
      await db.store.write((tx) =>
        digestBatches(tx, [batch(db.projectId, [bugEvent({}, { release: 'api@3' })], { receivedAt })]),
      );
      const release = await health('api@3');
      assert.equal(release.lastSeen, Math.max(receivedAt, minute));
      assert.ok(release.lastSeen <= Date.now());
      assert.equal(release.eventCount, 1);
    });
  });
});
