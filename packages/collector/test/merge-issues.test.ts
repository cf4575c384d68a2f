/**
 * Grouping you can correct (issue 19 §3), over HTTP against a real collector on both engines,
 * events sent as Sentry envelopes through ingest: two issues merged give exact sums (counts,
 * first/last seen, tags per key and value, users, hourly counts); a later event of either
 * fingerprint lands in the target; the list and the read API show the target only, and the
 * merged issue answers where it went; the fingerprints list gives each one's events and grouping
 * components; an unmerge sends the fingerprint's past and next events to its own issue; bad
 * merges are precise 400s and 404s.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fingerprint, type SentryEvent } from '@faultline/core';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { nativeSha256Hex } from '../src/digest/native-sha256.js';
import { bugEvent } from './digest-fixtures.js';
import { sendEvent } from './send-event.js';

const HOUR_MS = 3_600_000;
const hourOf = (ms: number) => ms - (ms % HOUR_MS);

forEachEngine((engine) =>
  describe(`merging issues (${engine.name})`, () => {
    let c: TestCollector;
    before(async () => {
      c = await startTestCollector({ engine });
    });
    after(async () => c?.close());

    const call = (method: string, path: string, body?: unknown) => c.call(method, path, body);
    const project = async (name: string) => {
      const made = await call('POST', '/api/v1/projects', { name });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return { id: made.body.id as number, dsn: new URL(made.body.keys[0].dsn) };
    };
    const send = (p: { dsn: URL }, event: SentryEvent) => sendEvent(p.dsn.href, event);
    const bug = (fn: string, at: number, user: string, color: string): SentryEvent =>
      bugEvent({ fn, value: `${fn} broke` }, { timestamp: at / 1000, user: { id: user }, tags: { color } });
    const list = async (projectId: number) => {
      const r = await call('GET', `/api/v1/projects/${projectId}/issues?sort=count`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items as any[];
    };
    const issue = async (id: number) => (await call('GET', `/api/v1/issues/${id}`)).body;

    test('two issues merge into one with exact sums; later events of either fingerprint land in it; unmerge sends one back', async () => {
      const p = await project('merge-sums');
      const now = Date.now();
      const t0 = hourOf(now) - 3 * HOUR_MS;
      // alpha: 3 events (users a, b; red ×2, blue ×1); beta: 2 events (users b, c; red ×2).
      await send(p, bug('alpha', t0 + 1_000, 'a', 'red'));
      await send(p, bug('alpha', t0 + HOUR_MS, 'b', 'red'));
      await send(p, bug('alpha', t0 + 2 * HOUR_MS, 'a', 'blue'));
      await send(p, bug('beta', t0 - HOUR_MS, 'b', 'red'));
      await send(p, bug('beta', t0 + HOUR_MS + 5, 'c', 'red'));
      const before = await list(p.id);
      assert.equal(before.length, 2);
      const [alpha, beta] = before as [any, any];
      assert.deepEqual([alpha.count, beta.count], [3, 2]);

      const merged = await call('POST', `/api/v1/projects/${p.id}/issues/merge`, {
        issueIds: [beta.id, alpha.id],
      });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.issue.id, alpha.id, 'the issue with the most events is the target');
      assert.deepEqual(merged.body.merged, [beta.id]);
      const target = await issue(alpha.id);
      assert.deepEqual(
        [target.count, target.usersAffected, target.firstSeen, target.lastSeen, target.status],
        [5, 3, beta.firstSeen, alpha.lastSeen, 'unresolved'],
      );
      const listed = await list(p.id);
      assert.deepEqual(
        listed.map((i) => [i.id, i.count]),
        [[alpha.id, 5]],
        'the list shows the merged issue only',
      );
      const tomb = await issue(beta.id);
      assert.deepEqual([tomb.status, tomb.mergedInto, tomb.count], ['merged', alpha.id, 0]);

      const tags = await c.rows<{ issue_id: number; key: string; value: string; times_seen: number }>(
        `SELECT issue_id, key, value, times_seen FROM issue_tags WHERE key = 'color' AND issue_id IN (${alpha.id}, ${beta.id}) ORDER BY value`,
      );
      assert.deepEqual(
        tags.map((t) => [Number(t.issue_id), t.value, Number(t.times_seen)]),
        [
          [alpha.id, 'blue', 1],
          [alpha.id, 'red', 4],
        ],
      );
      const users = await c.rows<{ issue_id: number; user_key: string }>(
        `SELECT issue_id, user_key FROM issue_users WHERE issue_id IN (${alpha.id}, ${beta.id}) ORDER BY user_key`,
      );
      assert.deepEqual(
        users.map((u) => [Number(u.issue_id), u.user_key]),
        [
          [alpha.id, 'a'],
          [alpha.id, 'b'],
          [alpha.id, 'c'],
        ],
      );
      const hours = await c.rows<{ issue_id: number; hour: number; count: number }>(
        `SELECT issue_id, hour, count FROM issue_hourly_counts WHERE issue_id IN (${alpha.id}, ${beta.id}) ORDER BY hour`,
      );
      assert.deepEqual(
        hours.map((h) => [Number(h.issue_id), Number(h.hour), Number(h.count)]),
        [
          [alpha.id, t0 - HOUR_MS, 1],
          [alpha.id, t0, 1],
          [alpha.id, t0 + HOUR_MS, 2],
          [alpha.id, t0 + 2 * HOUR_MS, 1],
        ],
      );
      const events = await call('GET', `/api/v1/issues/${alpha.id}/events?limit=100`);
      assert.equal(events.body.items.length, 5, 'the merged issue lists every event');

      await send(p, bug('beta', now, 'd', 'green'));
      await send(p, bug('alpha', now, 'a', 'green'));
      assert.deepEqual(
        (await list(p.id)).map((i) => [i.id, i.count]),
        [[alpha.id, 7]],
        'later events of either fingerprint land in the target',
      );
      assert.equal((await issue(beta.id)).count, 0);

      const fps = await call('GET', `/api/v1/issues/${alpha.id}/fingerprints`);
      assert.equal(fps.status, 200, JSON.stringify(fps.body));
      const betaFp = fingerprint(bug('beta', now, 'x', 'x'), nativeSha256Hex);
      assert.deepEqual(
        fps.body.items.map((f: any) => [f.own, f.events, f.fingerprint === betaFp]),
        [
          [true, 4, false],
          [false, 3, true],
        ],
      );
      const components = fps.body.items[1].components as string[];
      assert.ok(components.includes('type:TypeError'), components.join(' | '));
      assert.ok(
        components.some((x) => x.startsWith('frame:') && x.includes('beta')),
        components.join(' | '),
      );

      const own = await call('POST', `/api/v1/issues/${alpha.id}/unmerge`, {
        fingerprint: fps.body.items[0].fingerprint,
      });
      assert.equal(own.status, 400);
      assert.match(own.body.detail, /own fingerprint/);
      const back = await call('POST', `/api/v1/issues/${alpha.id}/unmerge`, { fingerprint: betaFp });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.deepEqual(
        [back.body.issue.id, back.body.issue.status, back.body.issue.count, back.body.movedEvents],
        [beta.id, 'unresolved', 3, 3],
      );
      assert.equal(back.body.issue.usersAffected, 3, 'users b, c, d');
      assert.equal((await issue(alpha.id)).count, 4);
      await send(p, bug('beta', now + 1, 'e', 'green'));
      assert.deepEqual(
        (await list(p.id)).map((i) => [i.id, i.count]).sort((a, b) => a[0] - b[0]),
        [
          [alpha.id, 4],
          [beta.id, 4],
        ],
        'the next event of the unmerged fingerprint goes to its own issue',
      );
      assert.equal(
        (await call('GET', `/api/v1/issues/${beta.id}/events?limit=100`)).body.items.length,
        4,
        'its past events moved with it',
      );
      const again = await call('POST', `/api/v1/issues/${alpha.id}/unmerge`, { fingerprint: betaFp });
      assert.equal(again.status, 404);
    });

    test('a single id, unknown ids, another project, a tombstone: precise 400s and 404s', async () => {
      const p = await project('merge-errors');
      const q = await project('merge-errors-other');
      await send(p, bug('one', Date.now(), 'a', 'red'));
      await send(p, bug('two', Date.now(), 'a', 'red'));
      await send(q, bug('three', Date.now(), 'a', 'red'));
      const [one, two] = (await list(p.id)) as [any, any];
      const [three] = (await list(q.id)) as [any];
      const merge = (projectId: number, body: unknown) =>
        call('POST', `/api/v1/projects/${projectId}/issues/merge`, body);

      const single = await merge(p.id, { issueIds: [one.id] });
      assert.equal(single.status, 400);
      assert.match(single.body.detail, /2 to \d+ distinct issues, not 1/);
      const twice = await merge(p.id, { issueIds: [one.id, one.id] });
      assert.equal(twice.status, 400);
      const notIds = await merge(p.id, { issueIds: ['1', '2'] });
      assert.equal(notIds.status, 400);
      assert.match(notIds.body.detail, /issueIds must be a list of issue ids/);
      const unknown = await merge(p.id, { issueIds: [one.id, 99_999_999] });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.detail, 'no issue 99999999');
      const across = await merge(p.id, { issueIds: [one.id, three.id] });
      assert.equal(across.status, 400);
      assert.equal(
        across.body.detail,
        `issue ${three.id} is not of project ${p.id}: merge only issues of one project`,
      );
      assert.deepEqual(
        (await list(p.id)).map((i) => i.count),
        [1, 1],
        'a refused merge changed nothing',
      );
      assert.equal((await merge(p.id, { issueIds: [one.id, two.id] })).status, 200);
      const tomb2 = await merge(p.id, { issueIds: [one.id, two.id] });
      assert.equal(tomb2.status, 400);
      assert.match(tomb2.body.detail, /was merged already/);
    });
  }),
);
