import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { repoRoot } from './helpers.js';

interface Running {
  child: ChildProcess;
  url: string;
  lines: () => Record<string, any>[];
  exited: Promise<number | null>;
}

async function startFixture(env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [`${repoRoot()}/packages/server/test/fixtures/crash-server.mjs`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  while (!out.includes('\n')) await once(child.stdout!, 'data');
  const port = JSON.parse(out.split('\n')[0] ?? '{}').port;
  const lines = () =>
    out
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { child, url: `http://127.0.0.1:${port}`, lines, exited };
}

test('an uncaught exception is logged, in-flight requests finish, the process exits 1', async () => {
  const app = await startFixture();
  const slow = fetch(`${app.url}/slow`).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 50));
  await fetch(`${app.url}/crash`).then((r) => r.text());
  assert.equal(await slow, 'slow done');
  assert.equal(await app.exited, 1);
  const crash = app.lines().find((l) => l.kind === 'uncaughtException');
  assert.ok(crash, 'the crash was logged');
  assert.equal(crash.level, 60, 'at fatal level');
  assert.match(crash.error.message, /uncaught with/);
  assert.equal(crash.error.type, 'Error', 'the type survives pino');
  assert.ok(!JSON.stringify(crash).includes('hunter2'));
});

test('an unhandled rejection is logged and shuts down too', async () => {
  const app = await startFixture();
  await fetch(`${app.url}/reject`).then((r) => r.text());
  assert.equal(await app.exited, 1);
  assert.ok(
    app.lines().some((l) => l.kind === 'unhandledRejection' && /nobody awaited/.test(l.error.message)),
  );
});

test('a request that never finishes does not hold the exit past the deadline', async () => {
  const app = await startFixture({ SHUTDOWN_MS: '200' });
  const hang = fetch(`${app.url}/hang`)
    .then((r) => r.text())
    .catch((e) => e);
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await fetch(`${app.url}/crash`).then((r) => r.text());
  assert.equal(await app.exited, 1);
  const took = Date.now() - started;
  assert.ok(took >= 150 && took < 2000, `exited after ${took} ms`);
  assert.ok((await hang) instanceof Error, 'the hung request was cut');
});
