/**
 * A dashboard session ends at once with what it was made with, on both stores: removing its user,
 * giving the user a new password, deleting its API token (as `faultline user remove|passwd` and
 * other processes do, straight in the store), or changing the configured admin token. Sessions
 * used to re-read their user or token every few seconds and kept working until then; now the
 * store removes the session rows in the same transaction, so the next request is refused. A
 * login racing such a change makes no session.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { hashPassword } from '../src/api/passwords.js';
import { createSessionStore } from '../src/api/session-store.js';
import type { Store } from '../src/index.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const ADMIN = 'admin-token-for-session-owner-tests';
const PASSWORD = 'a long enough password, really';
const NEW_PASSWORD = 'another long enough password';
const USERS = ['ada@example.com', 'alan@example.com', 'grace@example.com', 'ken@example.com'];

forEachEngine((engine) =>
  describe(`sessions end with their owner (${engine.name})`, () => {
    let fixture: SessionCollector;
    let store: Store;

    before(async () => {
      const users = Object.fromEntries(USERS.map((e) => [e, PASSWORD]));
      fixture = await startSessionCollector(ADMIN, { users, engine });
      ({ store } = fixture);
    });
    after(() => fixture.close());

    async function login(body: Record<string, string>): Promise<string> {
      const res = await fixture.postSession(body);
      assert.equal(res.status, 201, JSON.stringify(body));
      return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    }
    const status = async (cookie: string, path = '/api/v1/projects') =>
      (await fetch(`${fixture.collector.url}${path}`, { headers: { cookie } })).status;

    test("removing a user ends its sessions at once, and nobody else's", async () => {
      const ada = await login({ email: 'ada@example.com', password: PASSWORD });
      const alan = await login({ email: 'alan@example.com', password: PASSWORD });
      const grace = await login({ email: 'grace@example.com', password: PASSWORD });
      const admin = await login({ token: ADMIN });
      assert.equal(await status(ada), 200);
      assert.equal(await store.deleteUser('ada@example.com'), true);
      assert.equal(await status(ada), 401, 'the very next request is refused');
      // Removed and added again with the very same hash: the session went with the old user.
      const alanHash = (await store.findUserByEmail('alan@example.com'))?.passwordHash ?? '';
      assert.equal(await store.deleteUser('alan@example.com'), true);
      assert.ok(await store.createUser('alan@example.com', alanHash));
      assert.equal(await status(alan, '/api/v1/session'), 401);
      assert.equal(await status(grace), 200, 'another user keeps its session');
      assert.equal(await status(admin), 200, 'an admin-token session has no user');
      const again = await login({ email: 'alan@example.com', password: PASSWORD });
      assert.equal(await status(again), 200, 'the new user logs in and stays');
    });

    test('a new password ends the sessions made with the old one; the new one logs in', async () => {
      const first = await login({ email: 'ken@example.com', password: PASSWORD });
      const second = await login({ email: 'ken@example.com', password: PASSWORD });
      assert.equal(await status(first), 200);
      assert.equal(await store.setUserPassword('ken@example.com', await hashPassword(NEW_PASSWORD)), true);
      assert.equal(await status(first), 401);
      assert.equal(await status(second, '/api/v1/session'), 401);
      const fresh = await login({ email: 'ken@example.com', password: NEW_PASSWORD });
      assert.equal(await status(fresh), 200);
      assert.equal((await fixture.postSession({ email: 'ken@example.com', password: PASSWORD })).status, 401);
    });

    test('deleting an API token ends its sessions at once; a new token with its id does not bring them back', async () => {
      const revoked = await store.createToken('laptop');
      const kept = await store.createToken('ci');
      const doomed = await login({ token: revoked.token });
      const other = await login({ token: kept.token });
      assert.equal(await status(doomed), 200);
      assert.equal(await store.deleteToken(revoked.record.id), true);
      assert.equal(await status(doomed), 401, 'the session ended with its token');
      assert.equal(await status(other), 200, "another token's session is untouched");
      assert.equal(
        (await fixture.postSession({ token: revoked.token })).status,
        401,
        'nor can it log in again',
      );

      const first = await store.createToken('reused');
      const cookie = await login({ token: first.token });
      await store.deleteToken(first.record.id);
      const second = await store.createToken('reused');
      if (engine.name === 'SQLite')
        assert.equal(second.record.id, first.record.id, 'SQLite reused the id (the case guarded here)');
      assert.equal(await status(cookie), 401);
    });

    test('a login that races a removal, a new password or a revocation makes no session', async () => {
      const sessions = createSessionStore(store, { adminToken: ADMIN });
      const grace = await store.findUserByEmail('grace@example.com');
      assert.ok(grace);
      // The password was checked against this hash; meanwhile another process set a new one.
      await store.setUserPassword('grace@example.com', await hashPassword(NEW_PASSWORD));
      assert.equal(await sessions.create({ user: grace }), undefined);
      const current = await store.findUserByEmail('grace@example.com');
      assert.ok(current && (await sessions.create({ user: current })), 'with the current hash it is made');
      const token = await store.createToken('short-lived');
      await store.deleteToken(token.record.id);
      assert.equal(await sessions.create({ tokenId: token.record.id }), undefined);
    });

    test('a new admin token ends the sessions made with the old one', async () => {
      const before = createSessionStore(store, { adminToken: ADMIN });
      const made = await before.create({ admin: true });
      assert.ok(made && (await before.find(made.id)));
      const after = createSessionStore(store, { adminToken: `${ADMIN}-rotated` });
      assert.equal(await after.find(made.id), undefined, 'refused where the admin token changed');
      assert.equal(await before.find(made.id), undefined, 'and removed from the store');
      assert.equal(
        await createSessionStore(store).create({ admin: true }),
        undefined,
        'no admin token, no admin session',
      );
    });
  }),
);
