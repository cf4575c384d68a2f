/**
 * `npm run example` with FAULTLINE_DSN set reports its 500s: the /boom incident is found at the
 * collector by the `instance` its body carried. The example runs as `npm run example` runs it
 * (its own process, the repository's root as working directory).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { useTestCollector } from '@faultline/test-support';
import { repoRoot } from './helpers.js';

const real = useTestCollector({ adminToken: 'example-dsn-test-admin-token' });

async function incident(instance: string, timeoutMs: number): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${real.url}/api/v1/incidents/${instance}`, {
      headers: { authorization: `Bearer ${real.adminToken}` },
    });
    if (res.status === 200) return res.json();
    assert.equal(res.status, 404);
    if (Date.now() > until) assert.fail(`incident ${instance} not found within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the example API reports /boom to FAULTLINE_DSN; its incident id finds the event', async (t) => {
  const child = spawn(process.execPath, ['examples/express/server.mjs'], {
    cwd: repoRoot(),
    env: { ...process.env, PORT: '0', FAULTLINE_DSN: real.dsn },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const exited = once(child, 'exit').then(() => 'exit' as const);
  while (!out.includes('\n')) {
    const first = await Promise.race([once(child.stdout, 'data').then(() => 'data' as const), exited]);
    if (first === 'exit') assert.fail(`the example exited: ${out}`);
  }
  const url = /Example API on (\S+)/.exec(out)?.[1];
  assert.ok(url, out);

  const res = await fetch(`${url}/boom`);
  assert.equal(res.status, 500);
  const { instance } = (await res.json()) as { instance: string };
  // The reporter sends off the request path; on a loaded machine that takes a moment.
  const found = await incident(instance, 15_000);
  assert.equal(found.payload.tags.request_id, instance);
  assert.equal(found.payload.tags.service, 'example-express');
  assert.equal(found.payload.transaction, 'GET /boom');
});
