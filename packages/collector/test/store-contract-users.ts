/** Contract part: dashboard users (migration 2). The store keeps an opaque hash per email;
 * emails compare trimmed and case-insensitively, and one email is one user, which can be
 * removed or given a new hash. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../src/store/store.js';

const HASH = '$scrypt$ln=15,r=8,p=3$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';

export function contractUsers(store: () => Store): void {
  describe('users', () => {
    it('creates a user once per email, case-insensitively, and finds it with its hash', async () => {
      const s = store();
      const created = await s.createUser('  Ada@Example.COM ', HASH);
      assert.ok(created && Number.isSafeInteger(created.id));
      assert.equal(created.email, 'ada@example.com');
      assert.ok(Math.abs(created.createdAt - Date.now()) < 60_000);
      assert.equal(await s.createUser('ada@example.com', 'another'), undefined, 'same email, other case');
      const found = await s.findUserByEmail('ADA@example.com');
      assert.deepEqual(found, { ...created, passwordHash: HASH });
      assert.equal(await s.findUserByEmail('grace@example.com'), undefined);
      assert.equal(await s.findUserByEmail(''), undefined);
    });

    it('lists users without their hashes', async () => {
      const s = store();
      const b = await s.createUser('list-b@example.com', HASH);
      const c = await s.createUser('list-c@example.com', HASH);
      const users = await s.listUsers();
      const emails = users.map((u) => u.email);
      assert.ok(emails.indexOf('list-b@example.com') < emails.indexOf('list-c@example.com'));
      assert.ok(users.every((u) => !('passwordHash' in u)));
      assert.ok(b && c && c.id > b.id);
    });

    it('keeps one user when several calls add the same email at once', async () => {
      const s = store();
      const results = await Promise.all(
        Array.from({ length: 4 }, () => s.createUser('race@example.com', HASH)),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 1);
      assert.equal((await s.listUsers()).filter((u) => u.email === 'race@example.com').length, 1);
    });

    it('removes a user by email, case-insensitively, once; the email can be added again', async () => {
      const s = store();
      const gone = await s.createUser('remove-me@example.com', HASH);
      const kept = await s.createUser('keep-me@example.com', HASH);
      assert.ok(gone && kept);
      assert.equal(await s.deleteUser(' Remove-Me@EXAMPLE.com '), true);
      assert.equal(await s.findUserByEmail('remove-me@example.com'), undefined);
      assert.equal(await s.deleteUser('remove-me@example.com'), false, 'already gone');
      assert.equal(await s.deleteUser('never-was@example.com'), false);
      assert.equal(await s.deleteUser(''), false);
      const emails = (await s.listUsers()).map((u) => u.email);
      assert.ok(!emails.includes('remove-me@example.com') && emails.includes('keep-me@example.com'));
      assert.deepEqual(await s.findUserByEmail('keep-me@example.com'), { ...kept, passwordHash: HASH });
      const again = await s.createUser('remove-me@example.com', HASH);
      assert.ok(again && again.id !== gone.id, 'a new user, not the removed one back');
    });

    it("replaces one user's password hash and keeps the rest of the user", async () => {
      const s = store();
      const user = await s.createUser('passwd@example.com', HASH);
      const other = await s.createUser('passwd-other@example.com', HASH);
      assert.ok(user && other);
      const next = `${HASH.slice(0, -2)}xy`;
      assert.equal(await s.setUserPassword('PASSWD@example.com ', next), true);
      assert.deepEqual(await s.findUserByEmail('passwd@example.com'), { ...user, passwordHash: next });
      assert.deepEqual(await s.findUserByEmail('passwd-other@example.com'), { ...other, passwordHash: HASH });
      assert.equal(await s.setUserPassword('nobody@example.com', next), false);
      assert.equal(await s.findUserByEmail('nobody@example.com'), undefined, 'no user is created');
    });
  });
}
