/**
 * Every 503 and 429 the collector sends carries Retry-After (RFC 9110 §10.2.3), and the read
 * API answers 503 (not 500) when its store really fails: a PostgreSQL store pointed at a port
 * where nothing listens, and a SQLite store closed under a running collector. Each path is
 * triggered for real: ingest overload and project limits, a failed key lookup, the read API,
 * logins (store down, a login delay after failures, too many at once), /health, and the unbuilt dashboard.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../src/api/passwords.js';
import { createPostgresStore, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { LOGIN_FREE_FAILURES } from '../src/limits.js';
import { tempStore } from './digest-sqlite.js';
import { envelopeUrl, eventEnvelope, type Reply, request } from './ingest-helpers.js';

const ADMIN = 'admin-token-for-retry-after-tests';
const running: RunningCollector[] = [];
const disposers: (() => Promise<void>)[] = [];

after(async () => {
  for (const c of running.splice(0)) await c.close();
  for (const d of disposers.splice(0)) await d();
});

function assertRetryAfter(status: number, retryAfter: string | null | undefined, what: string) {
  assert.ok(status === 429 || status === 503, `${what}: expected 429 or 503, got ${status}`);
  assert.match(String(retryAfter), /^[1-9]\d*$/, `${what}: ${status} without a valid Retry-After`);
}

async function api(c: RunningCollector, path: string): Promise<Response> {
  return fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
}

/** A port with nothing listening on it (bound, then released). */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('a PostgreSQL store where nothing listens', () => {
  let c: RunningCollector;
  before(async () => {
    const store = createPostgresStore({
      connectionString: `postgres://postgres@127.0.0.1:${await deadPort()}/postgres`,
    });
    c = await startCollector({ store, adminToken: ADMIN, dashboardDir: '/nonexistent', log: () => {} });
    running.push(c);
  });

  test('the read API answers 503 with Retry-After, not 500', async () => {
    for (const path of ['/api/v1/projects', '/api/v1/projects/1/issues', '/api/v1/releases']) {
      const res = await api(c, path);
      assert.equal(res.status, 503, path);
      assertRetryAfter(res.status, res.headers.get('retry-after'), path);
      const body = (await res.json()) as { title: string };
      assert.equal(body.title, 'Service Unavailable');
      assert.doesNotMatch(JSON.stringify(body), /ECONNREFUSED|127\.0\.0\.1/, 'no internal detail');
    }
  });

  test('a login that cannot reach the store: 503 with Retry-After', async () => {
    const res = await fetch(`${c.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'some-api-token-of-the-store' }),
    });
    assert.equal(res.status, 503);
    assertRetryAfter(res.status, res.headers.get('retry-after'), 'login, store down');
  });

  test('ingest whose key lookup fails: 503 with Retry-After', async () => {
    const r = await request(envelopeUrl(c.url, 1, '0123456789abcdef0123456789abcdef'), {
      body: eventEnvelope(),
    });
    assert.equal(r.status, 503, r.text);
    assertRetryAfter(r.status, r.headers['retry-after'], 'ingest key lookup');
  });

  test('/health: 503 degraded with Retry-After', async () => {
    const res = await fetch(`${c.url}/health`);
    assert.equal(res.status, 503);
    assertRetryAfter(res.status, res.headers.get('retry-after'), '/health');
    assert.equal(((await res.json()) as { status: string }).status, 'degraded');
  });
});

describe('a SQLite store', () => {
  let store: Store;
  let publicKey: string;
  let c: RunningCollector;
  before(async () => {
    const temp = await tempStore();
    store = temp.store;
    disposers.push(temp.dispose);
    const { key } = await store.ensureDefaultProject();
    publicKey = key.publicKey;
    await store.createUser('ada@example.com', await hashPassword('a long enough password'));
    c = await startCollector({
      store: { ...store, close: async () => {} },
      adminToken: ADMIN,
      dashboardDir: '/nonexistent',
      log: () => {},
      // Small bounds so overload is reached with a few requests.
      ingest: { maxInflightBodyBytes: 64 },
    });
    running.push(c);
  });

  test('ingest over the memory budget: 429 with Retry-After', async () => {
    const r = await request(envelopeUrl(c.url, 1, publicKey), {
      body: eventEnvelope({ message: 'x'.repeat(500) }),
    });
    assert.equal(r.status, 429, r.text);
    assertRetryAfter(r.status, r.headers['retry-after'], 'memory budget');
  });

  test('a login delayed after failures, and too many logins at once: 429 with Retry-After', async () => {
    const login = (email: string, password: string) =>
      fetch(`${c.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    const at: Response[] = [];
    // The free failures, one more (which starts a wait), then one during the wait.
    for (let i = 0; i < LOGIN_FREE_FAILURES + 2; i++)
      at.push(await login('ada@example.com', `wrong password number ${i}`));
    const delayed = at.at(-1)!;
    assert.equal(delayed.status, 429);
    assertRetryAfter(delayed.status, delayed.headers.get('retry-after'), 'login delay');
    // More concurrent checks than MAX_CONCURRENT_PASSWORD_CHECKS (4): the rest are refused at once.
    const burst = await Promise.all(
      Array.from({ length: 16 }, (_, i) => login(`user${i}@example.com`, 'not it at all!')),
    );
    const busy = burst.filter((r) => r.status === 429);
    assert.ok(busy.length > 0, `16 concurrent logins: ${burst.map((r) => r.status).join(',')}`);
    for (const r of busy) assertRetryAfter(r.status, r.headers.get('retry-after'), 'logins at once');
  });

  test('the dashboard not built yet: 503 with Retry-After', async () => {
    const res = await fetch(`${c.url}/`);
    assert.equal(res.status, 503);
    assertRetryAfter(res.status, res.headers.get('retry-after'), 'unbuilt dashboard');
  });

  test('a closed store: the read API answers 503 with Retry-After, not 500', async () => {
    assert.equal((await api(c, '/api/v1/projects')).status, 200);
    await store.close();
    for (const path of ['/api/v1/projects', '/api/v1/projects/1/issues']) {
      const res = await api(c, path);
      assert.equal(res.status, 503, path);
      assertRetryAfter(res.status, res.headers.get('retry-after'), `${path}, closed store`);
    }
  });
});

describe('ingest over a project limit', () => {
  test('429 with Retry-After (and X-Sentry-Rate-Limits)', async () => {
    const { store, dispose } = await tempStore();
    disposers.push(dispose);
    const { key, project } = await store.ensureDefaultProject();
    await store.updateProjectSettings(project.id, { rateLimitPerMinute: 1 });
    const c = await startCollector({
      store: { ...store, close: async () => {} },
      dashboardDir: '/nonexistent',
      log: () => {},
    });
    running.push(c);
    const replies: Reply[] = [];
    for (let i = 0; i < 3; i++)
      replies.push(await request(envelopeUrl(c.url, 1, key.publicKey), { body: eventEnvelope() }));
    const limited = replies.filter((r) => r.status === 429);
    assert.ok(limited.length > 0, replies.map((r) => r.status).join(','));
    for (const r of limited) {
      assertRetryAfter(r.status, r.headers['retry-after'], 'project limit');
      assert.ok(r.headers['x-sentry-rate-limits']);
    }
  });
});
