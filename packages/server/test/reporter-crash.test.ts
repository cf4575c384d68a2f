/**
 * The process guards report an uncaught exception or unhandled rejection and flush the
 * reporter (within its deadline) before the process exits.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startReceiver } from './reporter-receiver.js';

const fixture = fileURLToPath(new URL('./reporter-crash-app.js', import.meta.url));

async function crash(dsn: string, path: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, DSN: dsn, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const [first] = await once(child.stdout!, 'data');
  const { port } = JSON.parse(String(first).split('\n')[0] ?? '{}');
  const started = Date.now();
  await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  const code = await exited;
  return { code, tookMs: Date.now() - started };
}

test('an uncaught exception is reported (fatal, scrubbed) before the process exits', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const { code } = await crash(receiver.dsn, '/crash');
  assert.equal(code, 1);
  const [event] = receiver.events() as any[];
  assert.ok(event, 'the event arrived before the exit');
  assert.equal(event.level, 'fatal');
  assert.equal(event.tags.service, 'crashy');
  const thrown = event.exception.values.at(-1);
  assert.equal(thrown.value, 'uncaught with password=[Filtered]');
  assert.deepEqual(thrown.mechanism, { type: 'onuncaughtexception', handled: false });
});

test('an unhandled rejection is reported too', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const { code } = await crash(receiver.dsn, '/reject');
  assert.equal(code, 1);
  const thrown = (receiver.events()[0] as any).exception.values.at(-1);
  assert.equal(thrown.type, 'TypeError');
  assert.equal(thrown.mechanism.type, 'onunhandledrejection');
});

test('a hung collector does not hold the exit past the flush deadline', async (t) => {
  const receiver = await startReceiver({ kind: 'hang' });
  t.after(() => receiver.close());
  const { code, tookMs } = await crash(receiver.dsn, '/crash', { FLUSH_MS: '300' });
  assert.equal(code, 1);
  assert.equal(receiver.received.length, 1, 'the send was attempted');
  assert.ok(tookMs >= 250 && tookMs < 2000, `exited after ${tookMs} ms`);
});
