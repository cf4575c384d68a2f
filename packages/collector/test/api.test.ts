/**
 * The read API over a real SQLite store and a real collector: authentication on every
 * route, filters, sorting and cursors, status changes, incident lookup, bad input → 400.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCommit, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { batch, bugEvent, ingestEvent, newEventId } from './digest-fixtures.js';
import { tempStore } from './digest-sqlite.js';

const ADMIN = 'admin-token-for-tests';
let store: Store;
let dispose: () => Promise<void>;
let collector: RunningCollector;
let apiToken: string;

async function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const token = init.token === undefined ? ADMIN : init.token;
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(`${collector.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

before(async () => {
  ({ store, dispose } = await tempStore());
  await store.ensureDefaultProject();
  collector = await startCollector({ store, adminToken: ADMIN });
  apiToken = (await store.createToken('script')).token;
  const commit = createCommit(store);
  const withRequestId = ingestEvent(
    bugEvent(
      { type: 'RangeError', fn: 'paginate' },
      { tags: { request_id: 'req-incident-1', route: '/orders' }, release: 'api@2.0.0' },
    ),
  );
  await commit([
    batch(1, [
      bugEvent({ line: 0 }),
      bugEvent({ line: 7 }),
      bugEvent({ line: 3 }, { release: 'api@1.0.0', environment: 'staging' }),
    ]),
    batch(1, [withRequestId]),
    batch(
      1,
      Array.from({ length: 7 }, (_, i) => bugEvent({ type: `Error${i}`, fn: `fn${i}` })),
    ),
  ]);
});

after(async () => {
  await collector.close();
  await dispose();
});

describe('authentication', () => {
  const routes = [
    '/api/v1/projects',
    '/api/v1/projects/1',
    '/api/v1/projects/1/keys',
    '/api/v1/projects/1/issues',
    '/api/v1/issues/1',
    '/api/v1/issues/1/events',
    `/api/v1/events/${newEventId()}`,
    '/api/v1/incidents/req-incident-1',
    '/api/v1/projects/1/releases',
    '/api/v1/openapi.json',
  ];
  for (const path of routes) {
    test(`${path} refuses without a token, and with a wrong one`, async () => {
      const none = await call(path, { token: null });
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await call(path, { token: 'wrong-token' })).status, 401);
    });
  }

  test('API tokens from the store work; only the health route is open', async () => {
    assert.equal((await call('/api/v1/projects', { token: apiToken })).status, 200);
    const health = await fetch(`${collector.url}/health`);
    assert.equal(health.status, 200);
    // `/` is the dashboard now (dashboard-static.test.ts); other /api paths are still unknown.
    assert.equal((await fetch(`${collector.url}/api/nope`)).status, 404);
  });
});

describe('issues', () => {
  test('listing: the same bug at three line numbers is one issue with three events', async () => {
    const { body } = await call('/api/v1/projects/1/issues?sort=count&limit=1');
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0].count, 3);
    assert.match(body.items[0].title, /^TypeError/);
    assert.ok(body.nextCursor);
  });

  test('cursor pagination visits every issue once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await call(
        `/api/v1/projects/1/issues?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...body.items.map((i: { id: number }) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 9);
    assert.equal(new Set(seen).size, 9);
  });

  test('filters: release, environment, text, tag', async () => {
    const byRelease = await call('/api/v1/projects/1/issues?release=api%402.0.0');
    assert.deepEqual(
      byRelease.body.items.map((i: { title: string }) => i.title.split(':')[0]),
      ['RangeError'],
    );
    const byEnv = await call('/api/v1/projects/1/issues?environment=staging');
    assert.equal(byEnv.body.items.length, 1);
    const byText = await call('/api/v1/projects/1/issues?query=error3');
    assert.equal(byText.body.items.length, 1);
    const byTag = await call('/api/v1/projects/1/issues?tag=route:/orders');
    assert.equal(byTag.body.items.length, 1);
  });

  test('one issue with its latest event; its events newest first', async () => {
    const list = await call('/api/v1/projects/1/issues?sort=count&limit=1');
    const id = list.body.items[0].id;
    const { body } = await call(`/api/v1/issues/${id}`);
    assert.equal(body.id, id);
    assert.ok(body.latestEvent.payload.exception);
    assert.deepEqual(body.releases, ['api@1.0.0']);
    const events = await call(`/api/v1/issues/${id}/events`);
    assert.equal(events.body.items.length, 3);
  });

  test('status update, and bad statuses refused', async () => {
    const { body: list } = await call('/api/v1/projects/1/issues?sort=count&limit=1');
    const id = list.items[0].id;
    const resolved = await call(`/api/v1/issues/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.status, 'resolved');
    const filtered = await call('/api/v1/projects/1/issues?status=resolved');
    assert.deepEqual(
      filtered.body.items.map((i: { id: number }) => i.id),
      [id],
    );
    const bad = await call(`/api/v1/issues/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'deleted' }),
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.detail, /status must be one of/);
    const missing = await call('/api/v1/issues/999999', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'ignored' }),
    });
    assert.equal(missing.status, 404);
  });
});

describe('incidents, events, projects', () => {
  test('an incident id (request id) leads to its event; an unknown one is 404', async () => {
    const { status, body } = await call('/api/v1/incidents/req-incident-1');
    assert.equal(status, 200);
    assert.equal(body.requestId, 'req-incident-1');
    assert.match(body.title, /^RangeError/);
    const byEventId = await call(`/api/v1/incidents/${body.eventId}`);
    assert.equal(byEventId.body.eventId, body.eventId);
    assert.equal((await call('/api/v1/incidents/nope')).status, 404);
  });

  test('projects: create (with a key and DSN), settings, keys', async () => {
    const created = await call('/api/v1/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'payments' }),
    });
    assert.equal(created.status, 201);
    const dsn = new URL(created.body.keys[0].dsn);
    assert.equal(dsn.pathname, `/${created.body.id}`);
    assert.match(dsn.username, /^[0-9a-f]{32}$/);
    const patched = await call(`/api/v1/projects/${created.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        rateLimitPerMinute: 600,
        allowedOrigins: ['https://shop.example'],
        scrubKeys: ['x-tenant'],
      }),
    });
    assert.equal(patched.body.rateLimitPerMinute, 600);
    assert.deepEqual(patched.body.scrubKeys, ['x-tenant']);
    assert.equal((await call(`/api/v1/projects/${created.body.id}/keys`)).body.items.length, 1);
  });

  test('bad input: ids, limits, sorts, bodies → 400 with the reason; unknown routes 404; wrong method 405', async () => {
    assert.equal((await call('/api/v1/issues/abc')).status, 400);
    assert.equal((await call('/api/v1/projects/1/issues?limit=100000')).status, 400);
    assert.equal((await call('/api/v1/projects/1/issues?sort=random')).status, 400);
    assert.equal((await call('/api/v1/projects', { method: 'POST', body: '[1,2' })).status, 400);
    assert.equal(
      (await call('/api/v1/projects', { method: 'POST', body: JSON.stringify({ name: '' }) })).status,
      400,
    );
    assert.equal((await call('/api/v1/traces/not-a-trace')).status, 400);
    assert.equal((await call('/api/v1/nothing-here')).status, 404);
    assert.equal((await call('/api/v1/projects', { method: 'DELETE' })).status, 405);
    const big = await call('/api/v1/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'x'.repeat(200_000) }),
    });
    assert.equal(big.status, 413);
  });

  test('the OpenAPI document lists every route', async () => {
    const { body } = await call('/api/v1/openapi.json');
    assert.equal(body.openapi, '3.1.0');
    for (const path of [
      '/api/v1/incidents/{id}',
      '/api/v1/projects/{projectId}/issues',
      '/api/v1/traces/{traceId}',
    ])
      assert.ok(body.paths[path], path);
  });
});
