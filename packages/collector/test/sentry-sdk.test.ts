/**
 * Real SDKs against a real collector: @sentry/node (Express error handler, captureException
 * with a cause chain, captureMessage, user/tags/breadcrumbs, client reports) and, when
 * installed, the Python SDK from Debian's python3-sentry-sdk (CI installs it).
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  bootstrap,
  createSqliteStore,
  type RunningCollector,
  type Store,
  startCollector,
} from '../src/index.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

let dir: string;
let store: Store;
let collector: RunningCollector;
let dsn: string;
let token: string;

async function api(path: string): Promise<any> {
  const res = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `${path} → ${res.status}`);
  return res.json();
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-sdk-'));
  store = createSqliteStore({ dataDir: dir });
  await store.migrate();
  collector = await startCollector({ store, adminToken: 'test-admin-token' });
  ({ dsn } = await bootstrap(store, collector.url, 'test-admin-token'));
  token = 'test-admin-token';
});

after(async () => {
  await collector.close();
  rmSync(dir, { recursive: true, force: true });
});

test('@sentry/node: errors, messages, cause chains, context and client reports are stored and grouped', async () => {
  const { stdout } = await run(process.execPath, [fixture('sentry-node-app.mjs')], {
    env: { ...process.env, SENTRY_DSN: dsn },
    timeout: 30_000,
  });
  const ids = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

  const issues = (await api('/api/v1/projects/1/issues?limit=50')).items as any[];
  const typeErrors = issues.filter((i) => i.title.startsWith('TypeError'));
  assert.equal(typeErrors.length, 1, 'the same bug twice is one issue');
  assert.equal(typeErrors[0].count, 2);
  assert.deepEqual(typeErrors[0].releases ?? ['shop@1.2.3'], ['shop@1.2.3']);

  const chained = await api(`/api/v1/events/${ids.chained}`);
  const values = chained.payload.exception.values;
  assert.equal(values.length, 2, 'the cause is kept');
  assert.match(values[0].value, /ECONNREFUSED/);
  assert.equal(chained.payload.user.id, 'user-42');
  assert.equal(chained.payload.tags.route, '/checkout');
  assert.ok(
    JSON.stringify(chained.payload.breadcrumbs).includes('added 3 items'),
    JSON.stringify(chained.payload.breadcrumbs),
  );
  assert.equal(chained.release, 'shop@1.2.3');
  assert.equal(chained.environment, 'staging');
  assert.notEqual(chained.issueId, typeErrors[0].id, 'two bugs are two issues');

  const message = await api(`/api/v1/events/${ids.message}`);
  assert.match(message.title, /^payment provider answered/);
  assert.ok(JSON.stringify(message.payload).includes('payment provider answered 502'));
  assert.equal(message.level, 'warning');

  const all = JSON.stringify(await Promise.all(issues.map((i) => api(`/api/v1/issues/${i.id}`))));
  for (const secret of ['hunter2', 'secret-header-token', 'secret-query-token']) {
    assert.ok(!all.includes(secret), `${secret} is scrubbed`);
  }

  const discards = await store.discardCounts({ projectId: 1 as any, from: 0, to: Date.now() + 60_000 });
  assert.ok(
    discards.some((d) => d.source === 'client' && d.reason === 'before_send' && d.quantity >= 1),
    `the client report arrived: ${JSON.stringify(discards)}`,
  );
});

// Debian's python3-sentry-sdk installs for Debian's interpreter; `python3` on the PATH may
// be another one (pyenv).
const PYTHON = '/usr/bin/python3';

async function hasPythonSdk(): Promise<boolean> {
  try {
    await run(PYTHON, ['-c', 'import sentry_sdk']);
    return true;
  } catch {
    return false;
  }
}

test('sentry-python: a ZeroDivisionError arrives as an issue', async (t) => {
  if (!(await hasPythonSdk())) {
    if (process.env.CI) assert.fail('python3-sentry-sdk is not installed; .ci/run installs it');
    t.skip('python3-sentry-sdk is not installed (CI installs it with apt)');
    return;
  }
  const script = [
    'import sentry_sdk, sys',
    'sentry_sdk.init(dsn=sys.argv[1], release="py@1.0.0")',
    'try:',
    '    1 / 0',
    'except Exception as e:',
    '    print(sentry_sdk.capture_exception(e))',
    'sentry_sdk.flush(5)',
  ].join('\n');
  const { stdout } = await run(PYTHON, ['-c', script, dsn], { timeout: 30_000 });
  const eventId = stdout.trim().split('\n').at(-1) ?? '';
  const event = await api(`/api/v1/events/${eventId}`);
  assert.match(event.title, /ZeroDivisionError/);
  assert.equal(event.release, 'py@1.0.0');
  assert.equal(event.payload.platform, 'python');
});
