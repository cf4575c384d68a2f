/**
 * Deleting an issue (issue 19 §2): DELETE /api/v1/issues/:id removes it with its events, tags,
 * users, hourly counts and regressions, other issues untouched; a later event of its fingerprint
 * starts a new issue. With `?discard=true` a later event is answered 200 (the SDK must not
 * resend it), counted as discarded (`discarded_issue`, category `error`, shown by GET
 * /api/v1/projects/:id/discards) and not stored. Through
 * real ingest on a real collector; SQLite, and PostgreSQL when FAULTLINE_TEST_PG_URL is set.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { HOUR_MS } from '@faultline/core';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import type { ProjectId } from '../src/store/index.js';

forEachEngine((engine) => {
  describe(`deleting an issue (${engine.name})`, () => {
    let c: TestCollector;
    before(async () => {
      c = await startTestCollector({ engine });
    });
    after(() => c.close());

    async function call(method: string, path: string) {
      const res = await fetch(`${c.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${c.adminToken}` },
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    }

    /** One error event of the issue named `group`, through ingest; resolves once committed. */
    async function send(group: string, extra: Record<string, unknown> = {}) {
      const dsn = new URL(c.dsn);
      const id = randomUUID().replace(/-/g, '');
      const event = {
        event_id: id,
        level: 'error',
        message: `delete test ${group}`,
        fingerprint: [group],
        ...extra,
      };
      const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
      const res = await fetch(
        `${dsn.protocol}//${dsn.host}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`,
        { method: 'POST', body },
      );
      assert.equal(res.status, 200, await res.text());
      return id;
    }

    async function issueIds(group: string): Promise<number[]> {
      const list = await c.api('/api/v1/projects/1/issues?limit=200');
      return list.items
        .filter((i: { title: string }) => i.title === `delete test ${group}`)
        .map((i: { id: number }) => i.id);
    }

    /** Rows each table holds for issue `id`. */
    async function rowsOf(id: number): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const table of [
        'issues',
        'events',
        'issue_tags',
        'issue_users',
        'issue_hourly_counts',
        'issue_regressions',
      ]) {
        const column = table === 'issues' ? 'id' : 'issue_id';
        const [row] = await c.rows<{ n: number | string }>(
          `SELECT count(*) AS n FROM ${table} WHERE ${column} = ${id}`,
        );
        out[table] = Number(row?.n);
      }
      return out;
    }

    /** An issue with 40 events over several hours, 5 users, tags, and a regression. */
    async function busyIssue(group: string): Promise<number> {
      const now = Date.now();
      for (let k = 0; k < 40; k++)
        await send(group, {
          user: { id: `user-${k % 5}` },
          tags: { shard: `s${k % 7}` },
          release: 'api@1',
          timestamp: (now - (k % 4) * HOUR_MS) / 1000,
        });
      const [id] = await issueIds(group);
      assert.ok(id);
      const resolved = await fetch(`${c.url}/api/v1/issues/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'resolved' }),
      });
      assert.equal(resolved.status, 200);
      await send(group, { release: 'api@1' }); // reopens it: a regression row
      return id;
    }

    test('removes the issue and every row of it; other issues keep theirs; a later event starts a new issue', async () => {
      const id = await busyIssue('plain');
      await send('bystander', { user: { id: 'b' }, tags: { shard: 's1' } });
      const [bystander] = await issueIds('bystander');
      const before = await rowsOf(id);
      assert.deepEqual(
        {
          ...before,
          issue_tags: before.issue_tags! > 7,
          issue_hourly_counts: before.issue_hourly_counts! >= 4,
        },
        {
          issues: 1,
          events: 41,
          issue_tags: true,
          issue_users: 5,
          issue_hourly_counts: true,
          issue_regressions: 1,
        },
      );
      const bystanderBefore = await rowsOf(bystander!);

      const deleted = await call('DELETE', `/api/v1/issues/${id}`);
      assert.equal(deleted.status, 204);
      assert.deepEqual(await rowsOf(id), {
        issues: 0,
        events: 0,
        issue_tags: 0,
        issue_users: 0,
        issue_hourly_counts: 0,
        issue_regressions: 0,
      });
      assert.deepEqual(await rowsOf(bystander!), bystanderBefore);
      assert.equal((await call('GET', `/api/v1/issues/${id}`)).status, 404);
      assert.equal((await call('DELETE', `/api/v1/issues/${id}`)).status, 404);
      assert.deepEqual(await issueIds('plain'), []);

      await send('plain');
      const [again] = await issueIds('plain');
      assert.ok(again !== undefined && again !== id, 'a new issue');
      assert.equal((await c.api(`/api/v1/issues/${again}`)).count, 1);
    });

    test('with discard: a later event is answered 200, counted as discarded, and nothing is stored', async () => {
      const id = await busyIssue('discarded');
      const deleted = await call('DELETE', `/api/v1/issues/${id}?discard=true`);
      assert.equal(deleted.status, 204);
      const [events] = await c.rows<{ n: number | string }>('SELECT count(*) AS n FROM events');
      const sentAt = Date.now();
      const eventId = await send('discarded');
      await send('discarded');
      assert.deepEqual(await issueIds('discarded'), [], 'no issue was created');
      const [after] = await c.rows<{ n: number | string }>('SELECT count(*) AS n FROM events');
      assert.equal(Number(after?.n), Number(events?.n), 'no event was stored');
      assert.equal((await call('GET', `/api/v1/events/${eventId}?project=1`)).status, 404);
      const discards = await c.store.discardCounts({
        projectId: 1 as ProjectId,
        from: sentAt - 60_000,
        to: Date.now() + 60_000,
      });
      const ours = discards.filter((d) => d.reason === 'discarded_issue');
      assert.deepEqual(
        ours.map((d) => ({ source: d.source, category: d.category })),
        ours.map(() => ({ source: 'collector', category: 'error' })),
      );
      assert.equal(
        ours.reduce((sum, d) => sum + d.quantity, 0),
        2,
      );
      // Where the read API shows what never reached the store.
      const shown = await c.api('/api/v1/projects/1/discards?since=1h');
      assert.deepEqual(
        shown.items.filter((d: { reason: string }) => d.reason === 'discarded_issue'),
        [{ source: 'collector', reason: 'discarded_issue', category: 'error', quantity: 2 }],
      );
      // Another fingerprint of the project is stored as ever.
      await send('kept');
      assert.equal((await issueIds('kept')).length, 1);
    });

    test('bad discard parameter: 400; an unknown issue: 404', async () => {
      await send('param');
      const [id] = await issueIds('param');
      const bad = await call('DELETE', `/api/v1/issues/${id}?discard=yes`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /discard must be true or false/);
      assert.equal((await issueIds('param')).length, 1, 'nothing was deleted');
      assert.equal((await call('DELETE', '/api/v1/issues/999999')).status, 404);
    });
  });
});
