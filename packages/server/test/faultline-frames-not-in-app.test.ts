/**
 * Faultline's own frames are never in-app, even when its packages sit beside the application
 * rather than under node_modules/ (a `file:` install, `npm link`, a workspace: here the
 * workspace's symlink, whose real path is packages/). Before, the core factory that built the
 * error and the adapter's frames were "the user's code", and the factory became the
 * issue's culprit. A real collector receives the event.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serviceUnavailable } from '@faultline/core';
import { useTestCollector } from '@faultline/test-support';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline } from '../src/index.js';
import { captureLogger, repoRoot } from './helpers.js';

const real = useTestCollector({ adminToken: 'library-frames-test-admin-token' });
const thisFile = fileURLToPath(import.meta.url);

test("a 503 through a linked install: core's and the adapter's frames are library frames, the handler is the culprit", async (t) => {
  const coreFile = realpathSync(fileURLToPath(import.meta.resolve('@faultline/core')));
  assert.ok(
    !coreFile.includes('node_modules'),
    'the workspace links core: its real path is not under node_modules',
  );
  const faultline = createFaultline({
    logger: captureLogger(),
    dsn: real.dsn,
    rates: false,
    // The application root holds the packages too, as a clone, a monorepo or a linked install does.
    reporter: { root: repoRoot() },
  });
  t.after(() => faultline.close(1000));
  const server = http.createServer(
    faultlineHandler(faultline, function loadOrder() {
      throw serviceUnavailable('the orders database is down');
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise((resolve) => server.close(resolve)));

  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/7`);
  assert.equal(res.status, 503);
  const { instance } = (await res.json()) as { instance: string };
  // The collector answers the envelope only once it is committed, so after flush it is found.
  assert.equal(await faultline.flush(2000), true);
  const incident = await real.api(`/api/v1/incidents/${instance}`);
  const frames: any[] = incident.payload.exception.values.at(-1).stacktrace.frames;

  const coreFrames = frames.filter((f) =>
    f.abs_path.startsWith(join(repoRoot(), 'packages', 'core', 'dist')),
  );
  const adapterFrames = frames.filter((f) =>
    f.abs_path.startsWith(join(repoRoot(), 'packages', 'server', 'dist', 'src')),
  );
  assert.ok(coreFrames.length > 0, 'the core factory that built the error is on the stack');
  assert.ok(adapterFrames.length > 0, "the node:http adapter's handler is on the stack");
  for (const f of coreFrames) {
    assert.equal(f.in_app, false, `${f.abs_path}:${f.lineno} is core's code`);
    assert.match(f.filename, /^@faultline\/core\/dist\//);
    assert.equal(f.context_line, undefined, 'no source context for library frames');
  }
  for (const f of adapterFrames) {
    assert.equal(f.in_app, false, `${f.abs_path}:${f.lineno} is the server package's code`);
    assert.match(f.filename, /^@faultline\/server\/dist\/src\//);
  }
  const culprit = frames.findLast((f) => f.in_app);
  assert.equal(culprit.abs_path, thisFile);
  assert.equal(culprit.function, 'loadOrder');
  const issue = await real.api(`/api/v1/issues/${incident.issueId}`);
  assert.match(issue.culprit, / in loadOrder$/);
  assert.doesNotMatch(issue.culprit, /@faultline|http-error/);
});
