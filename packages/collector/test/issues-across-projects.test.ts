/**
 * The issue list across projects (`GET /api/v1/issues`), both engines: every project's issues
 * merged in sort order, paged by the same keyset cursor with nothing skipped or repeated, the
 * list's filters applied, and a token limited to one project shown that project's issues only.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import type { ProjectId } from '../src/store/ids.js';
import { envelope, eventId } from './ingest-helpers.js';

const MINUTE_MS = 60_000;

forEachEngine((engine) =>
  describe(`issues across projects (${engine.name})`, () => {
    let c: TestCollector;
    /** title → project id, in the order their one event happened (oldest first). */
    const sent: [string, number][] = [];
    let limitedToken: string;

    const get = async (path: string, token = c.adminToken) => {
      const res = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return (await res.json()) as {
        items: { title: string; projectId: number; status: string }[];
        nextCursor: string | null;
      };
    };
    const send = async (projectId: number, key: string, title: string, at: number) => {
      const id = eventId();
      const body = envelope({ event_id: id }, [
        {
          header: { type: 'event' },
          payload: JSON.stringify({
            event_id: id,
            timestamp: at / 1000,
            level: 'error',
            exception: { values: [{ type: 'Error', value: title }] },
            fingerprint: [title],
          }),
        },
      ]);
      const res = await fetch(`${c.url}/api/${projectId}/envelope/?sentry_key=${key}&sentry_version=7`, {
        method: 'POST',
        body,
      });
      assert.equal(res.status, 200, await res.text());
      sent.push([`Error: ${title}`, projectId]);
    };

    before(async () => {
      c = await startTestCollector({ engine });
      const second = await c.store.createProject('second');
      const third = await c.store.createProject('third');
      const keys = new Map<number, string>([[1, new URL(c.dsn).username]]);
      for (const p of [second, third]) keys.set(p.id, (await c.store.createKey(p.id)).publicKey);
      const order = [1, second.id, third.id, second.id, 1, third.id, 1, second.id];
      const start = Date.now() - 30 * MINUTE_MS;
      for (const [i, projectId] of order.entries())
        await send(projectId, keys.get(projectId) as string, `bug ${'abcdefgh'[i]}`, start + i * MINUTE_MS);
      limitedToken = (
        await c.store.createToken('limited', { scopes: ['project:read'], projectId: second.id as ProjectId })
      ).token;
    });
    after(() => c.close());

    it('merges every project in sort order and pages with nothing skipped or repeated', async () => {
      const newestFirst = [...sent].reverse();
      const seen: [string, number][] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await get(`/api/v1/issues?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i): [string, number] => [i.title, i.projectId]));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 10);
      assert.deepEqual(seen, newestFirst);
      assert.equal(pages, 3);
      const oldestFirst = await get('/api/v1/issues?sort=firstSeen&limit=50');
      assert.deepEqual(
        oldestFirst.items.map((i) => i.title),
        newestFirst.map(([t]) => t),
      );
    });

    it("applies the list's filters and sparklines", async () => {
      const bug = await get('/api/v1/issues?query=bug%20f&statsPeriod=24h');
      assert.deepEqual(
        bug.items.map((i) => i.title),
        ['Error: bug f'],
      );
      const stats = (bug.items[0] as unknown as { stats: { '24h': [number, number][] } }).stats['24h'];
      assert.equal(stats.length, 24);
      assert.equal(
        stats.reduce((n, [, count]) => n + count, 0),
        1,
      );
      assert.deepEqual((await get('/api/v1/issues?status=resolved')).items, []);
      const bad = await fetch(`${c.url}/api/v1/issues?sort=oldest`, {
        headers: { authorization: `Bearer ${c.adminToken}` },
      });
      assert.equal(bad.status, 400);
    });

    it('shows a token limited to one project only that project', async () => {
      const page = await get('/api/v1/issues?limit=50', limitedToken);
      const second = sent.filter(([, p]) => p !== 1 && p === page.items[0]?.projectId);
      assert.ok(second.length === 3, 'the second project had three issues');
      assert.deepEqual(
        page.items.map((i) => [i.title, i.projectId]),
        [...second].reverse(),
      );
    });
  }),
);
