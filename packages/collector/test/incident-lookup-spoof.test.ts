/**
 * Incident lookups cannot be spoofed: with any project's DSN key (public in browser apps), an
 * attacker sends an event carrying a victim's request id (or event id). GET
 * /api/v1/incidents/<id> must not silently answer with the forged event: it shows the event of
 * Faultline's own reporter, says the lookup is ambiguous, lists every match with its project
 * and SDK, and `?project=` narrows it. Real ingestion over HTTP, a real collector, on SQLite
 * and (with FAULTLINE_TEST_PG_URL) PostgreSQL.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FAULTLINE_SDK_NAME } from '@faultline/core';
import { type RunningCollector, startCollector } from '../src/index.js';
import type { Store } from '../src/store/store.js';
import { authQuery, eventEnvelope, request } from './ingest-helpers.js';
import { type EngineHandle, forEachEngine } from './store-engines.js';

const ADMIN = 'incident-spoof-admin-token';
const REPORTER_SDK = { name: FAULTLINE_SDK_NAME, version: '0.1.0' };
const BROWSER_SDK = { name: 'sentry.javascript.browser', version: '9.1.0' };

const hex32 = () => randomBytes(16).toString('hex');

interface Match {
  projectId: number;
  projectName: string | null;
  eventId: string;
  sdk: { name: string; version: string | null } | null;
  links: { self: string };
}

forEachEngine((engine) => {
  describe(`incident lookup with forged events (${engine.name})`, () => {
    let db: EngineHandle;
    let store: Store;
    let collector: RunningCollector;
    let victim: { projectId: number; key: string };
    let attacker: { projectId: number; key: string };

    before(async () => {
      db = await engine.open();
      store = db.store;
      const { project, key } = await store.ensureDefaultProject();
      victim = { projectId: project.id, key: key.publicKey };
      const other = await store.createProject('attacker-site');
      attacker = { projectId: other.id, key: (await store.createKey(other.id)).publicKey };
      collector = await startCollector({ store, adminToken: ADMIN, dashboardDir: '/nonexistent' });
    });
    after(async () => {
      await collector?.close();
      await db?.dispose();
    });

    /** Sends one event through the real ingest endpoint with `who`'s DSN key. */
    async function send(
      who: { projectId: number; key: string },
      event: Record<string, unknown>,
      id = hex32(),
    ): Promise<string> {
      const reply = await request(`${collector.url}/api/${who.projectId}/envelope/${authQuery(who.key)}`, {
        body: eventEnvelope(event, id),
      });
      assert.equal(reply.status, 200, reply.text);
      return id;
    }

    async function lookup(path: string) {
      const res = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }

    it('a forged event sent after the genuine one is listed, never shown in its place', async () => {
      const requestId = `req-${hex32()}`;
      const genuine = await send(victim, {
        message: 'payment failed',
        tags: { request_id: requestId },
        sdk: REPORTER_SDK,
      });
      const forged = await send(attacker, {
        message: 'please call +1 555 0100 to fix your account',
        tags: { request_id: requestId },
        sdk: BROWSER_SDK,
      });
      const { status, body } = await lookup(`/api/v1/incidents/${requestId}`);
      assert.equal(status, 200);
      assert.equal(body.eventId, genuine, 'the shown event is the reporter’s, not the newest');
      assert.equal(body.projectId, victim.projectId);
      assert.equal(body.requestId, requestId);
      assert.match(body.title, /payment failed/);
      assert.equal(body.ambiguous, true);
      assert.equal(body.matchCount, 2);
      assert.equal(body.moreMatches, false);
      assert.equal(body.matchedBy, 'requestId');
      const matches = body.matches as Match[];
      assert.deepEqual(
        matches.map((m) => [m.eventId, m.projectId, m.projectName, m.sdk?.name]),
        [
          [genuine, victim.projectId, 'default', FAULTLINE_SDK_NAME],
          [forged, attacker.projectId, 'attacker-site', BROWSER_SDK.name],
        ],
      );
    });

    it("a forged event sent first does not win either: Faultline's reporter is shown first", async () => {
      const requestId = `req-${hex32()}`;
      const forged = await send(attacker, {
        message: 'forged',
        tags: { request_id: requestId },
        sdk: BROWSER_SDK,
      });
      const genuine = await send(victim, {
        message: 'genuine',
        tags: { request_id: requestId },
        sdk: REPORTER_SDK,
      });
      const { body } = await lookup(`/api/v1/incidents/${requestId}`);
      assert.equal(body.eventId, genuine);
      assert.equal(body.ambiguous, true);
      assert.deepEqual(
        (body.matches as Match[]).map((m) => m.eventId),
        [genuine, forged],
      );
    });

    it('?project= narrows the lookup to one project; a single match is not ambiguous', async () => {
      const requestId = `req-${hex32()}`;
      const genuine = await send(victim, {
        message: 'genuine',
        tags: { request_id: requestId },
        sdk: REPORTER_SDK,
      });
      const forged = await send(attacker, {
        message: 'forged',
        tags: { request_id: requestId },
        sdk: REPORTER_SDK,
      });
      const mine = await lookup(`/api/v1/incidents/${requestId}?project=${victim.projectId}`);
      assert.equal(mine.body.eventId, genuine);
      assert.equal(mine.body.ambiguous, false);
      assert.equal(mine.body.matchCount, 1);
      const theirs = await lookup(`/api/v1/incidents/${requestId}?project=${attacker.projectId}`);
      assert.equal(theirs.body.eventId, forged);
      assert.equal(theirs.body.ambiguous, false);
      // Both claim the reporter's SDK name: nothing tells them apart but the project, so the
      // unnarrowed answer must say it is ambiguous.
      const both = await lookup(`/api/v1/incidents/${requestId}`);
      assert.equal(both.body.ambiguous, true);
      assert.deepEqual(
        (both.body.matches as Match[]).map((m) => m.projectId).sort(),
        [victim.projectId, attacker.projectId].sort(),
      );
      assert.equal((await lookup(`/api/v1/incidents/${requestId}?project=x`)).status, 400);
      assert.equal((await lookup(`/api/v1/incidents/${requestId}?project=999`)).status, 404);
    });

    it('an event id copied into another project: both listed, and each link names its project', async () => {
      const id = hex32();
      await send(victim, { message: 'genuine by event id', sdk: REPORTER_SDK }, id);
      await send(attacker, { message: 'forged by event id', sdk: BROWSER_SDK }, id);
      const { body } = await lookup(`/api/v1/incidents/${id}`);
      assert.equal(body.matchedBy, 'eventId');
      assert.equal(body.ambiguous, true);
      const matches = body.matches as Match[];
      assert.equal(matches.length, 2);
      for (const match of matches) {
        const event = await lookup(match.links.self);
        assert.equal(event.status, 200);
        assert.equal(event.body.projectId, match.projectId, `${match.links.self} is that project's event`);
      }
      const genuine = await lookup(`/api/v1/events/${id}?project=${victim.projectId}`);
      assert.match(genuine.body.title, /genuine by event id/);
    });
  });
});
