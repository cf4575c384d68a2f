/**
 * Sessions end with their user: removing a user or giving it a new password (as `faultline user
 * remove|passwd` do, straight in the store from another process) ends its dashboard sessions at
 * the next recheck. The recheck itself on a fake clock (when it reads, how often, one read for
 * parallel requests), then over a real collector with a short interval.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../src/api/passwords.js';
import type { Session } from '../src/api/session-store.js';
import {
  bindUser,
  createUserRecheck,
  passwordFingerprint,
  type UserReader,
} from '../src/api/session-user.js';
import type { RunningCollector, Store, UserCredentials } from '../src/index.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const HASH_A = '$scrypt$ln=15,r=8,p=3$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';
const HASH_B = '$scrypt$ln=15,r=8,p=3$c2FsdHNhbHRzYWx0c2FsdA$b2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';

/** A user table in a Map that counts its reads and can hold them until released. */
function fakeUsers() {
  const users = new Map<string, UserCredentials>();
  let reads = 0;
  let gate: Promise<void> | undefined;
  const reader: UserReader = {
    async findUserByEmail(email) {
      reads++;
      await gate;
      return users.get(email);
    },
  };
  return {
    users,
    reader,
    reads: () => reads,
    hold() {
      let release = () => {};
      gate = new Promise<void>((r) => {
        release = r;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('the recheck (fake clock)', () => {
  const ada: UserCredentials = { id: 1, email: 'ada@example.com', createdAt: 0, passwordHash: HASH_A };

  test('reads the user at most once per interval, and only for sessions with a user', async () => {
    const fake = fakeUsers();
    fake.users.set(ada.email, ada);
    let clock = 1_000;
    const recheck = createUserRecheck(fake.reader, 5_000, () => clock);
    const session: Session = {
      csrfToken: 'x',
      expiresAt: Infinity,
      user: ada.email,
      binding: bindUser(ada, ada, clock),
    };
    assert.equal(await recheck(session), true);
    clock += 4_999;
    assert.equal(await recheck(session), true);
    assert.equal(fake.reads(), 0, 'within the interval of the login');
    clock += 1;
    assert.equal(await recheck(session), true);
    assert.equal(fake.reads(), 1);
    assert.equal(session.binding?.checkedAt, 6_000, 'the interval starts again');
    clock += 4_999;
    assert.equal(await recheck(session), true);
    assert.equal(fake.reads(), 1);
    const token: Session = { csrfToken: 'y', expiresAt: Infinity };
    clock += 60_000;
    assert.equal(await recheck(token), true);
    assert.equal(fake.reads(), 1, 'a token session has no user to read');
  });

  test('parallel requests past the interval share one read', async () => {
    const fake = fakeUsers();
    fake.users.set(ada.email, ada);
    let clock = 0;
    const recheck = createUserRecheck(fake.reader, 5_000, () => clock);
    const session: Session = {
      csrfToken: 'x',
      expiresAt: Infinity,
      user: ada.email,
      binding: bindUser(ada, ada, 0),
    };
    clock = 10_000;
    const release = fake.hold();
    const answers = Array.from({ length: 6 }, () => recheck(session));
    release();
    assert.deepEqual(await Promise.all(answers), [true, true, true, true, true, true]);
    assert.equal(fake.reads(), 1);
    clock = 16_000;
    await recheck(session);
    assert.equal(fake.reads(), 2, 'the next interval reads again');
  });

  test('false once the user is gone, has another password, or is another user of that email', async () => {
    let clock = 0;
    const fake = fakeUsers();
    const recheck = createUserRecheck(fake.reader, 1_000, () => clock);
    const bound = (): Session => ({
      csrfToken: 'x',
      expiresAt: Infinity,
      user: ada.email,
      binding: bindUser(ada, ada, clock),
    });
    fake.users.set(ada.email, ada);
    const removed = bound();
    const repassworded = bound();
    const recreated = bound();
    clock = 1_000;
    assert.equal(await recheck(removed), true);
    fake.users.delete(ada.email);
    clock = 2_000;
    assert.equal(await recheck(removed), false);
    fake.users.set(ada.email, { ...ada, passwordHash: HASH_B });
    assert.equal(await recheck(repassworded), false);
    fake.users.set(ada.email, { ...ada, id: 2 });
    assert.equal(await recheck(recreated), false, 'same email and hash, but a new user');
    fake.users.set(ada.email, ada);
    const unchanged = bound();
    clock = 3_000;
    assert.equal(await recheck(unchanged), true);
    assert.equal(fake.reads(), 5);
  });

  test('a login whose user was not read before its password check is bound to nothing that matches', async () => {
    assert.equal(bindUser(ada, undefined, 0).passwordFingerprint, '');
    assert.equal(bindUser(ada, { ...ada, id: 9 }, 0).passwordFingerprint, '');
    assert.equal(bindUser(ada, ada, 0).passwordFingerprint, passwordFingerprint(HASH_A));
    assert.notEqual(passwordFingerprint(HASH_A), passwordFingerprint(HASH_B));
    assert.ok(!passwordFingerprint(HASH_A).includes('scrypt'), 'a digest, not the hash');
    const fake = fakeUsers();
    fake.users.set(ada.email, ada);
    const recheck = createUserRecheck(fake.reader, 0, () => 0);
    const unread: Session = {
      csrfToken: 'x',
      expiresAt: Infinity,
      user: ada.email,
      binding: bindUser(ada, undefined, 0),
    };
    assert.equal(await recheck(unread), false);
  });
});

describe('over a real collector', () => {
  const RECHECK_MS = 100;
  const PASSWORD = 'analytical engine, 1843';
  const NEW_PASSWORD = 'difference engine, 1822';
  const ADMIN = 'admin-token-for-session-user-tests';
  let fixture: SessionCollector;
  let store: Store;
  let collector: RunningCollector;

  before(async () => {
    const users = Object.fromEntries(
      ['ada@example.com', 'alan@example.com', 'grace@example.com', 'ken@example.com'].map((e) => [
        e,
        PASSWORD,
      ]),
    );
    fixture = await startSessionCollector(ADMIN, { users, options: { userRecheckMs: RECHECK_MS } });
    ({ store, collector } = fixture);
  });

  after(() => fixture.close());

  async function login(body: Record<string, string>): Promise<string> {
    const res = await fixture.postSession(body);
    assert.equal(res.status, 201, JSON.stringify(body));
    return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }
  const status = async (cookie: string, path = '/api/v1/projects') =>
    (await fetch(`${collector.url}${path}`, { headers: { cookie } })).status;
  const pastRecheck = () => new Promise((r) => setTimeout(r, RECHECK_MS * 1.5));

  test("removing a user ends its sessions and nobody else's", async () => {
    const ada = await login({ email: 'ada@example.com', password: PASSWORD });
    const alan = await login({ email: 'alan@example.com', password: PASSWORD });
    const grace = await login({ email: 'grace@example.com', password: PASSWORD });
    const token = await login({ token: ADMIN });
    assert.equal(await status(ada), 200);
    assert.equal(await store.deleteUser('ada@example.com'), true);
    // Removed and added again with the very same hash: only the id tells the new user apart.
    const alanHash = (await store.findUserByEmail('alan@example.com'))?.passwordHash ?? '';
    assert.equal(await store.deleteUser('alan@example.com'), true);
    assert.ok(await store.createUser('alan@example.com', alanHash));
    await pastRecheck();
    assert.equal(await status(ada), 401);
    assert.equal(await status(ada, '/api/v1/session'), 401, 'the session is gone, not just refused once');
    assert.equal(await status(alan, '/api/v1/session'), 401);
    assert.equal(await status(grace), 200, 'another user keeps its session');
    assert.equal(await status(token), 200, 'a token session has no user');
    const again = await login({ email: 'alan@example.com', password: PASSWORD });
    await pastRecheck();
    assert.equal(await status(again), 200, 'the new user logs in and stays');
  });

  test('a new password ends the sessions made with the old one; the new one logs in', async () => {
    const first = await login({ email: 'ken@example.com', password: PASSWORD });
    const second = await login({ email: 'ken@example.com', password: PASSWORD });
    await pastRecheck();
    assert.equal(await status(first), 200, 'unchanged after a recheck');
    assert.equal(await store.setUserPassword('ken@example.com', await hashPassword(NEW_PASSWORD)), true);
    await pastRecheck();
    assert.equal(await status(first), 401);
    assert.equal(await status(second, '/api/v1/session'), 401);
    const fresh = await login({ email: 'ken@example.com', password: NEW_PASSWORD });
    await pastRecheck();
    assert.equal(await status(fresh), 200);
    const old = await fetch(`${collector.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ken@example.com', password: PASSWORD }),
    });
    assert.equal(old.status, 401);
  });
});
