/**
 * Expired dashboard sessions, on both stores: a cookie past its session's expiry is refused and
 * its row removed; logins remove other expired rows a few at a time, so the table holds about one
 * SESSION_TTL_MS of sessions; and a session in use writes `last_seen_at` at most once per
 * SESSION_TOUCH_INTERVAL_MS, not on every request.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { SESSION_COOKIE } from '../src/api/session-cookie.js';
import { createSessionStore } from '../src/api/session-store.js';
import { SESSION_TOUCH_INTERVAL_MS, SESSION_TTL_MS } from '../src/limits.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const ADMIN = 'admin-token-for-session-expiry-tests';

forEachEngine((engine) =>
  describe(`expired sessions (${engine.name})`, () => {
    let fixture: SessionCollector;
    before(async () => {
      fixture = await startSessionCollector(ADMIN, { engine });
    });
    after(() => fixture.close());

    const rowCount = async () =>
      Number((await fixture.rows<{ n: number }>('SELECT count(*) AS n FROM dashboard_sessions'))[0]?.n);
    const projects = async (id: string) =>
      (
        await fetch(`${fixture.collector.url}/api/v1/projects`, {
          headers: { cookie: `${SESSION_COOKIE}=${id}` },
        })
      ).status;

    test('a session past its expiry is refused by the collector, and its row removed', async () => {
      const sessions = createSessionStore(fixture.store, { adminToken: ADMIN });
      const now = Date.now();
      const expired = await sessions.create({ admin: true }, now - SESSION_TTL_MS - 1);
      const live = await sessions.create({ admin: true }, now - SESSION_TTL_MS + 60_000);
      assert.ok(expired && live);
      const before = await rowCount();
      assert.equal(await projects(expired.id), 401);
      assert.equal(await rowCount(), before - 1, 'the expired row went with the refusal');
      assert.equal(await projects(live.id), 200, 'a session a minute from its end still works');
      assert.equal(await sessions.find(live.id, now + 60_000), undefined, 'and not past it');
    });

    test('a login removes expired rows, a bounded number at a time', async () => {
      const sessions = createSessionStore(fixture.store, { adminToken: ADMIN, sweepRows: 3 });
      const past = Date.now() - SESSION_TTL_MS - 1;
      for (let i = 0; i < 5; i++) await sessions.create({ admin: true }, past);
      const before = await rowCount();
      const res = await fixture.postSession({ token: ADMIN });
      assert.equal(res.status, 201);
      // The collector's own store sweeps SESSION_SWEEP_ROWS (more than 5): all of them go.
      assert.equal(await rowCount(), before - 5 + 1);
      for (let i = 0; i < 5; i++) await sessions.create({ admin: true }, past);
      await sessions.create({ admin: true });
      assert.equal(await rowCount(), before - 5 + 1 + 5 + 1 - 3, 'three went with that login, two wait');
    });

    test('last_seen_at is written at most once per interval', async () => {
      const sessions = createSessionStore(fixture.store, { adminToken: ADMIN });
      const t0 = Date.now();
      const made = await sessions.create({ admin: true }, t0);
      assert.ok(made);
      const seen = async () =>
        Number(
          (
            await fixture.rows<{ at: number }>(
              `SELECT max(last_seen_at) AS at FROM dashboard_sessions WHERE created_at = ${t0}`,
            )
          )[0]?.at,
        );
      await sessions.find(made.id, t0 + 1);
      await sessions.find(made.id, t0 + SESSION_TOUCH_INTERVAL_MS - 1);
      assert.equal(await seen(), t0, 'not within the interval');
      await sessions.find(made.id, t0 + SESSION_TOUCH_INTERVAL_MS);
      assert.equal(await seen(), t0 + SESSION_TOUCH_INTERVAL_MS);
      await sessions.find(made.id, t0 + SESSION_TOUCH_INTERVAL_MS + 1);
      assert.equal(await seen(), t0 + SESSION_TOUCH_INTERVAL_MS, 'the interval starts again');
    });
  }),
);
