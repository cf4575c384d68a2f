/**
 * `faultline user list`, `user remove <email>` and `user passwd <email>`: argument parsing, the
 * shared password prompt on a fake terminal, the real commands in child processes on a SQLite
 * store in a temporary folder, and a removal made from another process ending the session of
 * a collector that runs on the same store.
 */

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createSqliteStore, hashPassword, startCollector, verifyPassword } from '@faultline/collector';
import { parseCommandLine } from '../src/args.js';
import { CommandRefused } from '../src/store-command.js';
import { formatUsers } from '../src/user-list.js';
import { userPasswd } from '../src/user-passwd.js';
import { fakeTty, runCli, tempDirs } from './cli-process.js';

const PASSWORD = 'a long enough passphrase';
const NEW_PASSWORD = 'another long passphrase';
const dirs = tempDirs();
after(dirs.removeAll);

/** A data folder whose store holds these users, all with PASSWORD. */
async function dataWith(...emails: string[]): Promise<string> {
  const data = dirs.make();
  const store = createSqliteStore({ dataDir: data });
  try {
    await store.migrate();
    const hash = await hashPassword(PASSWORD);
    for (const email of emails) assert.ok(await store.createUser(email, hash));
  } finally {
    await store.close();
  }
  return data;
}

async function usersIn(data: string) {
  const store = createSqliteStore({ dataDir: data });
  try {
    return await Promise.all(
      (await store.listUsers()).map(async (u) => ({
        ...u,
        hash: (await store.findUserByEmail(u.email))?.passwordHash,
      })),
    );
  } finally {
    await store.close();
  }
}

describe('arguments', () => {
  test('list takes no email; remove and passwd take one; only passwd reads a password', () => {
    assert.deepEqual(parseCommandLine(['user', 'list', '--data', '/d'], {}), {
      command: 'user-list',
      data: '/d',
      db: undefined,
    });
    assert.deepEqual(parseCommandLine(['user', 'remove', 'a@b.c'], { FAULTLINE_DB: 'postgres://x/y' }), {
      command: 'user-remove',
      email: 'a@b.c',
      data: '.faultline',
      db: 'postgres://x/y',
    });
    assert.deepEqual(parseCommandLine(['user', 'passwd', 'a@b.c', '--password-stdin'], {}), {
      command: 'user-passwd',
      email: 'a@b.c',
      passwordStdin: true,
      data: '.faultline',
      db: undefined,
    });
    for (const argv of [
      ['user', 'list', 'a@b.c'],
      ['user', 'remove'],
      ['user', 'remove', 'a@b.c', 'd@e.f'],
      ['user', 'remove', 'a@b.c', '--password-stdin'],
      ['user', 'passwd'],
      ['user', 'passwd', 'a@b.c', '--password', 'x'],
      ['user', 'toString'],
      ['user'],
    ])
      assert.equal(parseCommandLine(argv, {}).command, 'help', argv.join(' '));
  });
});

describe('user list', () => {
  test('one line per user: email in a column, then when it was added', () => {
    const lines = formatUsers([
      { id: 1, email: 'ada@example.com', createdAt: Date.UTC(2025, 5, 1, 14, 3, 12) },
      { id: 2, email: 'k@x.io', createdAt: Date.UTC(2025, 11, 24) },
    ]);
    assert.deepEqual(lines, [
      'ada@example.com  2025-06-01T14:03:12Z',
      'k@x.io           2025-12-24T00:00:00Z',
    ]);
  });

  test('prints the users of the store, or that there are none; a folder without a store is refused', async () => {
    const data = await dataWith('ada@example.com', 'grace@example.com');
    const listed = await runCli(['user', 'list', '--data', data], '');
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^ada@example\.com {4}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(lines[1] ?? '', /^grace@example\.com {2}\d{4}-/);
    assert.doesNotMatch(listed.stdout, /scrypt/);

    const empty = await runCli(['user', 'list', '--data', await dataWith()], '');
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /No dashboard users: add one with `faultline user add <email>`/);

    const nowhere = `${dirs.make()}/missing`;
    const missing = await runCli(['user', 'list', '--data', nowhere], '');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no Faultline store in .*missing/);
  });
});

describe('user remove', () => {
  test('removes one user (any case of its email); an unknown email exits 1 and changes nothing', async () => {
    const data = await dataWith('ada@example.com', 'grace@example.com');
    const removed = await runCli(['user', 'remove', ' Ada@Example.com', '--data', data], '');
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /User ada@example\.com removed/);
    assert.deepEqual(
      (await usersIn(data)).map((u) => u.email),
      ['grace@example.com'],
    );
    const again = await runCli(['user', 'remove', 'ada@example.com', '--data', data], '');
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), 'faultline: no user with the email ada@example.com');
    assert.equal((await usersIn(data)).length, 1);
    const usage = await runCli(['user', 'remove', '--data', data], '');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /user remove takes exactly one email[\s\S]*faultline user remove <email>/);
  });

  test('a collector running on the store ends the removed user’s session', async () => {
    const data = await dataWith('ada@example.com');
    const store = createSqliteStore({ dataDir: data });
    await store.migrate();
    const collector = await startCollector({
      store,
      log: () => undefined,
      dashboardDir: '/nonexistent',
    });
    try {
      const res = await fetch(`${collector.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', password: PASSWORD }),
      });
      assert.equal(res.status, 201);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const session = () => fetch(`${collector.url}/api/v1/session`, { headers: { cookie } });
      assert.equal((await session()).status, 200);
      const removed = await runCli(['user', 'remove', 'ada@example.com', '--data', data], '');
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal((await session()).status, 401, 'at once: the sessions went with the user');
    } finally {
      await collector.close();
    }
  });
});

describe('user passwd', () => {
  test('--password-stdin replaces the password under the same rules; only that user changes', async () => {
    const data = await dataWith('ada@example.com', 'grace@example.com');
    const [adaBefore, graceBefore] = await usersIn(data);
    const changed = await runCli(
      ['user', 'passwd', 'ADA@example.com', '--password-stdin', '--data', data],
      `${NEW_PASSWORD}\n`,
    );
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /Password of ada@example\.com changed/);
    assert.doesNotMatch(changed.stdout + changed.stderr, /passphrase/);
    const [ada, grace] = await usersIn(data);
    assert.ok(ada?.hash && adaBefore);
    assert.equal(await verifyPassword(NEW_PASSWORD, ada.hash), true);
    assert.equal(await verifyPassword(PASSWORD, ada.hash), false);
    assert.deepEqual([ada.id, ada.createdAt], [adaBefore.id, adaBefore.createdAt]);
    assert.deepEqual(grace, graceBefore);

    const short = await runCli(
      ['user', 'passwd', 'ada@example.com', '--password-stdin', '--data', data],
      'short\n',
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 15 characters/);
    const unknown = await runCli(
      ['user', 'passwd', 'ken@example.com', '--password-stdin', '--data', data],
      `${NEW_PASSWORD}\n`,
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no user with the email ken@example\.com/);
    assert.equal((await usersIn(data))[0]?.hash, ada.hash, 'refusals change nothing');
  });

  test('on a terminal it asks twice like user add, and refuses two different passwords', async () => {
    const data = await dataWith('ada@example.com');
    const [before] = await usersIn(data);
    const args = {
      command: 'user-passwd',
      email: 'ada@example.com',
      passwordStdin: false,
      data,
      db: undefined,
    } as const;
    const answer = async (second: string) => {
      const tty = fakeTty();
      const printed: string[] = [];
      const done = userPasswd(args, { input: tty.input, prompt: tty.output, print: (l) => printed.push(l) });
      for (const typed of [PASSWORD, second]) {
        while (!tty.written().endsWith(': ')) await new Promise((r) => setImmediate(r));
        const asked = tty.written();
        tty.input.write(`${typed}\r`);
        while (tty.written() === asked) await new Promise((r) => setImmediate(r));
      }
      return { done, tty, printed };
    };
    const differ = await answer(`${PASSWORD}!`);
    await assert.rejects(
      differ.done,
      (e: unknown) => e instanceof CommandRefused && /differ/.test(e.message),
    );
    assert.equal(differ.tty.written(), 'Password: \nPassword again: \n');
    assert.equal((await usersIn(data))[0]?.hash, before?.hash);

    const same = await answer(PASSWORD);
    await same.done;
    assert.match(same.printed.join('\n'), /Password of ada@example\.com changed/);
    const [after_] = await usersIn(data);
    assert.ok(after_?.hash && after_.hash !== before?.hash, 'a new salt, so a new hash');
    assert.equal(await verifyPassword(PASSWORD, after_.hash), true);
    assert.doesNotMatch(same.tty.written(), /passphrase/);
  });
});
