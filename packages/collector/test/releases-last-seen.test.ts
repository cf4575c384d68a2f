/**
 * A release's "last seen" is never in the future: request counts are per minute, and the end
 * of the current minute (what the releases page showed) has not happened yet; a sender whose
 * clock runs ahead must not move it past now either. SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RouteRatesItem } from '@faultline/core';
import { digestBatches } from '../src/digest/digest.js';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent } from './digest-fixtures.js';
import { type EngineHandle, forEachEngine } from './store-engines.js';

const MINUTE = 60_000;
const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

function counts(release: string, minute: number): RouteRatesItem {
  return {
    release,
    buckets: [
      {
        minute: new Date(minute).toISOString(),
        routes: [{ method: 'GET', route: '/a', requests: 5, errors4xx: 0, errors5xx: 1, shed: 0 }],
      },
    ],
  };
}

forEachEngine((engine) => {
  describe(`release last seen (${engine.name})`, () => {
    let db: EngineHandle;
    let store: Store;
    let projectId: ProjectId;

    before(async () => {
      db = await engine.open();
      store = db.store;
      projectId = (await store.createProject('releases')).id;
    });
    after(() => db?.dispose());

    const health = async (version: string) => {
      const release = (await store.releaseHealth(projectId)).find((r) => r.version === version);
      assert.ok(release, `release ${version} is listed`);
      return release;
    };

    it("requests counted in the current minute: the minute's start, not its end", async () => {
      const minute = minuteOf(Date.now());
      await store.write((tx) =>
        digestBatches(tx, [batch(projectId, [], { routeRates: [counts('api@1', minute)] })]),
      );
      const release = await health('api@1');
      const now = Date.now();
      assert.ok(release.lastSeen <= now, `last seen ${release.lastSeen - now} ms in the future`);
      assert.equal(release.lastSeen, minute);
      assert.equal(release.requests, 5);
    });

    it("a sender's clock ten minutes ahead does not move it past now", async () => {
      const before = Date.now();
      const ahead = minuteOf(before + 10 * MINUTE);
      await store.write((tx) =>
        digestBatches(tx, [batch(projectId, [], { routeRates: [counts('api@2', ahead)] })]),
      );
      const release = await health('api@2');
      const now = Date.now();
      assert.ok(release.lastSeen <= now, `last seen ${release.lastSeen - now} ms in the future`);
      assert.ok(release.firstSeen <= release.lastSeen);
      assert.ok(release.lastSeen >= before, 'it is the present, not some old time');
    });

    it('an event later in the minute than its requests: the event time', async () => {
      const minute = minuteOf(Date.now());
      await store.write((tx) =>
        digestBatches(tx, [batch(projectId, [], { routeRates: [counts('api@3', minute)] })]),
      );
      const receivedAt = Date.now();
      await store.write((tx) =>
        digestBatches(tx, [batch(projectId, [bugEvent({}, { release: 'api@3' })], { receivedAt })]),
      );
      const release = await health('api@3');
      assert.equal(release.lastSeen, Math.max(receivedAt, minute));
      assert.ok(release.lastSeen <= Date.now());
      assert.equal(release.eventCount, 1);
    });
  });
});
