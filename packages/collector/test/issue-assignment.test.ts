/**
 * Assigning issues to dashboard users (issue 19 §4), over HTTP on both engines: PATCH's
 * `assignee` (a user's email or null; an unknown user is a 400 that changes nothing, status
 * included), the lists' `?assigned=me|none|<email>` on one project and across projects (`me`
 * is the password user; a token asking for `me` gets a 400 saying why), the users list (emails
 * only), and a removed user's assignments going away while the history keeps the email.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forEachEngine, type TestCollector } from '@faultline/test-support';
import { bugEvent } from './digest-fixtures.js';
import { ADA, BOB, loginAs, sendEvent, startTeamCollector, tokenCalls } from './team-fixture.js';

forEachEngine((engine) =>
  describe(`issue assignment (${engine.name})`, () => {
    let c: TestCollector;
    before(async () => {
      c = await startTeamCollector(engine);
    });
    after(async () => c?.close());

    const issueOf = async (fn: string) => {
      await sendEvent(c.dsn, bugEvent({ fn, value: `${fn} broke` }));
      const list = await c.api('/api/v1/projects/1/issues?limit=100');
      const found = list.items.find((i: any) => i.culprit.includes(fn) || i.title.includes(fn));
      assert.ok(found, `no issue for ${fn}`);
      return found.id as number;
    };
    const ids = (body: any) => (body.items as any[]).map((i) => i.id).sort((a, b) => a - b);

    test('assigned to me, to none, to an email: on one project and across projects; me is a 400 for a token', async () => {
      const ada = await loginAs(c, ADA);
      const bob = await loginAs(c, BOB);
      const mine = await issueOf('adaOwns');
      const bobs = await issueOf('bobOwns');
      const nobodys = await issueOf('nobodyOwns');
      const assigned = await ada('PATCH', `/api/v1/issues/${mine}`, { assignee: ADA });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.assignee, ADA);
      assert.equal(assigned.body.status, 'unresolved', 'an assignment alone leaves the status');
      // Emails compare case-insensitively, as at login.
      assert.equal(
        (await ada('PATCH', `/api/v1/issues/${bobs}`, { assignee: ' Bob@Example.com ' })).body.assignee,
        BOB,
      );

      for (const list of ['/api/v1/projects/1/issues', '/api/v1/issues']) {
        assert.deepEqual(ids((await ada('GET', `${list}?assigned=me`)).body), [mine], list);
        assert.deepEqual(ids((await bob('GET', `${list}?assigned=me`)).body), [bobs], list);
        assert.deepEqual(ids((await ada('GET', `${list}?assigned=${encodeURIComponent(BOB)}`)).body), [bobs]);
        const none = ids((await c.call('GET', `${list}?assigned=none&limit=100`)).body);
        assert.ok(none.includes(nobodys) && !none.includes(mine) && !none.includes(bobs), list);
        const token = await c.call('GET', `${list}?assigned=me`);
        assert.equal(token.status, 400, list);
        assert.match(
          token.body.detail,
          /assigned=me needs a user logged in with a password; a token is no user/,
        );
        const unknown = await c.call('GET', `${list}?assigned=${encodeURIComponent('eve@example.com')}`);
        assert.equal(unknown.status, 400);
        assert.match(unknown.body.detail, /assigned names no user: "eve@example.com"/);
      }

      const unassigned = await ada('PATCH', `/api/v1/issues/${mine}`, { assignee: null });
      assert.equal(unassigned.body.assignee, null);
      assert.deepEqual(ids((await ada('GET', '/api/v1/issues?assigned=me')).body), []);
      const history = (await c.api(`/api/v1/issues/${mine}/activity`)).items.map((a: any) => [
        a.kind,
        a.actor,
        a.data,
      ]);
      assert.deepEqual(history.slice(0, 2), [
        ['assigned', ADA, { assignee: null }],
        ['assigned', ADA, { assignee: ADA }],
      ]);
    });

    test('an unknown user or a bad body is a precise 400 that changes nothing', async () => {
      const id = await issueOf('badAssign');
      const cases: [unknown, RegExp][] = [
        [{ assignee: 'eve@example.com' }, /assignee names no user: "eve@example.com"/],
        [{ status: 'resolved', assignee: 'eve@example.com' }, /assignee names no user/],
        [{ assignee: 42 }, /assignee must be a user's email \(at most 254 characters\) or null/],
        [{ assignee: '' }, /assignee must be a user's email/],
        [{ assignee: `${'a'.repeat(250)}@example.com` }, /at most 254 characters/],
        [{}, /body must have status, assignee or both/],
        [[ADA], /body must be a JSON object/],
      ];
      for (const [body, detail] of cases) {
        const res = await c.call('PATCH', `/api/v1/issues/${id}`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.detail, detail, JSON.stringify(body));
      }
      const issue = await c.api(`/api/v1/issues/${id}`);
      assert.deepEqual([issue.status, issue.assignee], ['unresolved', null]);
      const kinds = (await c.api(`/api/v1/issues/${id}/activity`)).items.map((a: any) => a.kind);
      assert.deepEqual(kinds, ['first_seen']);
      assert.equal((await c.call('PATCH', '/api/v1/issues/99999', { assignee: ADA })).status, 404);
    });

    test('a token assigns as token:<name>; a read-only token may not; the users list holds emails only', async () => {
      const id = await issueOf('tokenAssign');
      const ci = await tokenCalls(c, 'ci', ['project:write']);
      const reader = await tokenCalls(c, 'reader', ['project:read']);
      assert.equal((await ci('PATCH', `/api/v1/issues/${id}`, { assignee: ADA })).status, 200);
      assert.equal((await reader('PATCH', `/api/v1/issues/${id}`, { assignee: null })).status, 403);
      const [row] = (await c.api(`/api/v1/issues/${id}/activity`)).items;
      assert.deepEqual([row.kind, row.actor, row.data], ['assigned', 'token:ci', { assignee: ADA }]);
      const users = await reader('GET', '/api/v1/users');
      assert.equal(users.status, 200);
      assert.deepEqual(users.body, { items: [{ email: ADA }, { email: BOB }] });
    });

    test('removing a user clears its assignments; the history keeps the email', async () => {
      const id = await issueOf('removedUser');
      await c.store.createUser('carol@example.com', 'hash');
      assert.equal(
        (await c.call('PATCH', `/api/v1/issues/${id}`, { assignee: 'carol@example.com' })).status,
        200,
      );
      assert.equal((await c.api(`/api/v1/issues/${id}`)).assignee, 'carol@example.com');
      assert.equal(await c.store.deleteUser('carol@example.com'), true);
      assert.equal((await c.api(`/api/v1/issues/${id}`)).assignee, null);
      const rows = await c.rows<{ assignee_user_id: unknown }>(
        `SELECT assignee_user_id FROM issues WHERE id = ${id}`,
      );
      assert.equal(rows[0]?.assignee_user_id, null);
      const [row] = (await c.api(`/api/v1/issues/${id}/activity`)).items;
      assert.deepEqual([row.kind, row.data], ['assigned', { assignee: 'carol@example.com' }]);
    });
  }),
);
