/**
 * `faultline user add`: argument parsing, the no-echo terminal prompt (on a fake TTY), and the
 * real command in a child process with --password-stdin, whose user then logs in to a real
 * collector over HTTP with that email and password.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { createSqliteStore, startCollector, verifyPassword } from '@faultline/collector';
import { parseCommandLine } from '../src/args.js';
import { PromptCancelled, promptHidden } from '../src/password-input.js';
import { CommandRefused } from '../src/store-command.js';
import { userAdd } from '../src/user-add.js';
import { BIN, fakeTty, runCli as run, tempDirs } from './cli-process.js';

const PASSWORD = 'a long enough passphrase';
const dirs = tempDirs();
const tempDir = dirs.make;
after(dirs.removeAll);

describe('arguments', () => {
  test('user add <email> with its options; anything else is usage', () => {
    assert.deepEqual(parseCommandLine(['user', 'add', 'ada@example.com', '--password-stdin'], {}), {
      command: 'user-add',
      email: 'ada@example.com',
      passwordStdin: true,
      data: '.faultline',
      db: undefined,
    });
    const pg = parseCommandLine(['user', 'add', 'a@b.c'], { FAULTLINE_DB: 'postgres://x/y' });
    assert.ok(pg.command === 'user-add' && pg.db === 'postgres://x/y' && !pg.passwordStdin);
    assert.equal(parseCommandLine(['user', 'add'], {}).command, 'help');
    assert.equal(parseCommandLine(['user', 'add', 'a@b.c', 'extra'], {}).command, 'help');
    assert.equal(parseCommandLine(['user', 'delete', 'a@b.c'], {}).command, 'help');
    assert.equal(parseCommandLine(['user', 'add', 'a@b.c', '--password', 'x'], {}).command, 'help');
  });
});

describe('the terminal prompt', () => {
  test('reads a line in raw mode and never writes the characters back', async () => {
    const tty = fakeTty();
    const answer = promptHidden('Password: ', tty.input, tty.output);
    assert.equal(tty.input.raw, true);
    tty.input.write('hunter2x\u007f');
    tty.input.write(' and more\r');
    assert.equal(await answer, 'hunter2 and more');
    assert.equal(tty.input.raw, false, 'raw mode is turned off again');
    assert.equal(tty.written(), 'Password: \n');
  });

  test('Ctrl-U clears, Ctrl-C cancels, a pipe is refused', async () => {
    const tty = fakeTty();
    const cleared = promptHidden('P: ', tty.input, tty.output);
    tty.input.write('wrong\u0015right\n');
    assert.equal(await cleared, 'right');
    const cancelled = promptHidden('P: ', tty.input, tty.output);
    tty.input.write('abc\u0003');
    await assert.rejects(cancelled, PromptCancelled);
    await assert.rejects(promptHidden('P: ', new PassThrough(), new PassThrough()), /--password-stdin/);
  });

  test('asks twice and refuses two different passwords', async () => {
    const tty = fakeTty();
    const io = { input: tty.input, prompt: tty.output, print: () => undefined };
    const args = {
      command: 'user-add',
      email: 'x@example.com',
      passwordStdin: false,
      data: tempDir(),
      db: undefined,
    } as const;
    const done = userAdd(args, io);
    tty.input.write(`${PASSWORD}\r`);
    await new Promise((r) => setImmediate(r));
    tty.input.write(`${PASSWORD}!\r`);
    await assert.rejects(done, (e: unknown) => e instanceof CommandRefused && /differ/.test(e.message));
    assert.doesNotMatch(tty.written(), /passphrase/);
  });
});

describe('faultline user add (child process)', () => {
  test('--password-stdin creates the user; it logs in to the collector with that password', async () => {
    const data = tempDir();
    const added = await run(
      ['user', 'add', 'Ada@Example.com', '--password-stdin', '--data', data],
      `${PASSWORD}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /User ada@example\.com added/);
    assert.doesNotMatch(added.stdout + added.stderr, /passphrase/);

    const again = await run(
      ['user', 'add', 'ada@example.com', '--password-stdin', '--data', data],
      `${PASSWORD}\n`,
    );
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const short = await run(
      ['user', 'add', 'bob@example.com', '--password-stdin', '--data', data],
      'short\n',
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 15 characters/);
    const bad = await run(
      ['user', 'add', 'not-an-email', '--password-stdin', '--data', data],
      `${PASSWORD}\n`,
    );
    assert.equal(bad.code, 1);

    const store = createSqliteStore({ dataDir: data });
    await store.migrate();
    const user = await store.findUserByEmail('ada@example.com');
    assert.ok(user);
    assert.ok(!user.passwordHash.includes(PASSWORD));
    assert.equal(
      await verifyPassword(PASSWORD, user.passwordHash),
      true,
      'the trailing newline is not part of it',
    );
    assert.equal((await store.listUsers()).length, 1);
    const collector = await startCollector({ store, log: () => undefined, dashboardDir: '/nonexistent' });
    try {
      const login = (password: string) =>
        fetch(`${collector.url}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ada@example.com', password }),
        });
      assert.equal((await login(PASSWORD)).status, 201);
      assert.equal((await login(`${PASSWORD} `)).status, 401);
    } finally {
      await collector.close();
    }
  });

  test('on a real terminal the password is asked twice and never echoed', async () => {
    // util-linux `script` (Debian's essential bsdutils) runs the command on a pseudo-terminal,
    // whose line discipline would echo typed characters unless the prompt turned raw mode on.
    const data = tempDir();
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} user add tty@example.com --data ${JSON.stringify(data)}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const answered = new Set<string>();
    child.stdout.on('data', (c: Buffer) => {
      screen += c;
      for (const prompt of ['Password: ', 'Password again: '])
        if (screen.includes(prompt) && !answered.has(prompt)) {
          answered.add(prompt);
          child.stdin.write(`${PASSWORD}\r`);
        }
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, screen);
    assert.match(screen, /Password: \r?\nPassword again: \r?\nUser tty@example\.com added/);
    assert.ok(!screen.includes(PASSWORD), `echoed: ${JSON.stringify(screen)}`);
    const store = createSqliteStore({ dataDir: data });
    try {
      const user = await store.findUserByEmail('tty@example.com');
      assert.equal(user && (await verifyPassword(PASSWORD, user.passwordHash)), true);
    } finally {
      await store.close();
    }
  });

  test('without a terminal and without --password-stdin it says what to do', async () => {
    const res = await run(['user', 'add', 'ada@example.com', '--data', tempDir()], '');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /--password-stdin/);
  });
});
