/**
 * API tokens with scopes (issue 17 §1), against a real collector and SQLite store: every route of
 * the read API (as the OpenAPI document lists them, each with the scope the router declares) and
 * of the `/api/0/` surface sentry-cli uses is called with a token of each scope, and answers 403
 * naming the scope exactly when the token lacks it; a token limited to one project reaches that
 * project only; a revoked token is refused at once, bearer and dashboard session alike; the
 * dashboard session of a token login can do only what its token may.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scopesAllow, TOKEN_SCOPES, type TokenScope } from '@faultline/core';
import { PROJECT_QUERY_ROUTES, SELF_NARROWED_ROUTES } from '../src/api/route-project.js';
import { apiRouter } from '../src/api/routes.js';
import { createCommit, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { sentryApiRouter } from '../src/sentry-api/sentry-api.js';
import type { IssueId, ProjectId } from '../src/store/ids.js';
import { batch, bugEvent, newEventId } from './digest-fixtures.js';
import { tempStore } from './digest-sqlite.js';

const ADMIN = 'admin-token-for-scope-tests';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

let store: Store;
let dispose: () => Promise<void>;
let collector: RunningCollector;
/** One token per scope, for every project. */
const tokens = new Map<TokenScope, string>();
/** project:write, limited to project 1. */
let limited: string;
let ownIssue: IssueId;
let otherIssue: IssueId;

async function call(path: string, token: string, method = 'GET', body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (BODY_METHODS.has(method)) headers['content-type'] = 'application/json';
  const res = await fetch(`${collector.url}${path}`, {
    method,
    headers,
    ...(BODY_METHODS.has(method) ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}

/** A concrete path for a route pattern: project 1 and its issue unless told otherwise. */
function fill(pattern: string, project = '1', issue: IssueId = ownIssue): string {
  const values: Record<string, string> = {
    projectId: project,
    issueId: String(issue),
    eventId: newEventId(),
    id: 'req-none',
    traceId: 'a'.repeat(32),
    publicKey: 'f'.repeat(32),
    version: 'v-none',
    org: 'acme',
    project,
  };
  return pattern.replace(/[:{]([A-Za-z]+)}?/g, (_, name: string) => values[name] ?? '999999');
}

before(async () => {
  ({ store, dispose } = await tempStore());
  await store.ensureDefaultProject();
  const other = await store.createProject('other');
  collector = await startCollector({ store, adminToken: ADMIN });
  await createCommit(store)([
    batch(1, [bugEvent({ type: 'OwnError' })]),
    batch(other.id, [bugEvent({ type: 'OtherError' })]),
  ]);
  ownIssue = (await store.listIssues({ projectId: 1 as ProjectId, sort: 'lastSeen', limit: 1 })).items[0]!.id;
  otherIssue = (await store.listIssues({ projectId: other.id, sort: 'lastSeen', limit: 1 })).items[0]!.id;
  for (const scope of TOKEN_SCOPES)
    tokens.set(scope, (await store.createToken(scope, { scopes: [scope] })).token);
  limited = (await store.createToken('limited', { scopes: ['project:write'], projectId: 1 as ProjectId }))
    .token;
});

after(async () => {
  await collector.close();
  await dispose();
});

interface Operation {
  method: string;
  pattern: string;
  scope: string;
}

/** Every operation of the served OpenAPI document but the login, with the scope it names. */
async function documentedOperations(): Promise<Operation[]> {
  const doc = (await call('/api/v1/openapi.json', ADMIN)).body as {
    paths: Record<string, Record<string, { 'x-faultline-scope'?: string }>>;
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (path === '/api/v1/session') continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (op === undefined) continue;
      assert.ok(op['x-faultline-scope'], `${method} ${path} is served and declares its scope`);
      ops.push({ method: method.toUpperCase(), pattern: path, scope: op['x-faultline-scope'] });
    }
  }
  return ops;
}

describe('every route, every scope', () => {
  test('the OpenAPI document lists each route of the router once, with its scope', async () => {
    const documented = await documentedOperations();
    const served = apiRouter(store, new URL(collector.url), {} as never)
      .routes()
      .map((r) => `${r.method} ${r.pattern.replace(/:([A-Za-z]+)/g, '{$1}')} ${r.scope}`);
    assert.deepEqual(documented.map((o) => `${o.method} ${o.pattern} ${o.scope}`).sort(), served.sort());
    assert.ok(documented.length >= 40, `${documented.length} operations`);
  });

  test('read API: 403 naming the scope exactly when the token lacks it', async () => {
    const operations = await documentedOperations();
    for (const op of operations)
      for (const [scope, token] of tokens) {
        const path = fill(op.pattern);
        const res = await call(path, token, op.method);
        const where = `${op.method} ${path} (needs ${op.scope}) with a ${scope} token: ${res.status} ${res.text.slice(0, 200)}`;
        if (scopesAllow([scope], op.scope as TokenScope | 'authenticated')) {
          assert.notEqual(res.status, 403, where);
          assert.notEqual(res.status, 401, where);
        } else {
          assert.equal(res.status, 403, where);
          assert.match(String(res.body?.detail), new RegExp(`do not include ${op.scope}`), where);
        }
      }
  });

  test("sentry-cli's /api/0/ routes: project:releases (or admin), 403 in Sentry's {detail} shape otherwise", async () => {
    const routes = sentryApiRouter(store, Date.now).routes();
    assert.ok(routes.length >= 14, `${routes.length} routes`);
    for (const route of routes)
      for (const [scope, token] of tokens) {
        const path = `${fill(route.pattern)}/`;
        const res = await call(path, token, route.method);
        const where = `${route.method} ${path} (needs ${route.scope}) with a ${scope} token: ${res.status} ${res.text.slice(0, 200)}`;
        if (scopesAllow([scope], route.scope)) {
          assert.notEqual(res.status, 403, where);
          assert.notEqual(res.status, 401, where);
        } else {
          assert.equal(res.status, 403, where);
          assert.deepEqual(Object.keys(res.body ?? {}), ['detail'], where);
        }
      }
    const info = await call('/api/0/', tokens.get('project:releases')!);
    assert.deepEqual((info.body?.auth as { scopes?: string[] } | undefined)?.scopes, ['project:releases']);
  });
});

describe('a token limited to one project', () => {
  test('reaches its project, by path, by issue or by ?project=, and nothing else', async () => {
    const operations = (await documentedOperations()).filter((o) =>
      scopesAllow(['project:write'], o.scope as TokenScope),
    );
    for (const op of operations) {
      const express = op.pattern.replace(/\{([A-Za-z]+)\}/g, ':$1');
      const own = fill(op.pattern);
      const where = (path: string, status: number) => `${op.method} ${path}: ${status}`;
      if (op.pattern.includes('{projectId}') || op.pattern.includes('{issueId}')) {
        const mine = await call(own, limited, op.method);
        assert.ok(![401, 403].includes(mine.status), where(own, mine.status));
        const theirs = fill(op.pattern, '2', otherIssue);
        const refused = await call(theirs, limited, op.method);
        assert.equal(refused.status, 403, where(theirs, refused.status));
        assert.match(String(refused.body?.detail), /limited to project 1, not project 2/);
      } else if (SELF_NARROWED_ROUTES.has(express)) {
        const res = await call(own, limited, op.method);
        assert.equal(res.status, 200, where(own, res.status));
        const items = (res.body?.items ?? []) as { id: number; projectId?: number }[];
        if (express === '/api/v1/projects')
          assert.deepEqual(
            items.map((p) => p.id),
            [1],
            'the list shows its one project',
          );
        // The issue list across projects: its project's issues only (the operations before may
        // have deleted or merged them all), never the other project's.
        else
          assert.ok(
            items.every((i) => i.projectId === 1) && !items.some((i) => i.id === otherIssue),
            `${where(own, res.status)}: ${JSON.stringify(items.map((i) => i.projectId))}`,
          );
      } else if (PROJECT_QUERY_ROUTES.has(express)) {
        const sep = own.includes('?') ? '&' : '?';
        const mine = await call(`${own}${sep}project=1`, limited, op.method);
        assert.ok(![401, 403].includes(mine.status), where(`${own}?project=1`, mine.status));
        const theirs = await call(`${own}${sep}project=2`, limited, op.method);
        assert.equal(theirs.status, 403, where(`${own}?project=2`, theirs.status));
        const none = await call(own, limited, op.method);
        assert.equal(none.status, 403, where(own, none.status));
        assert.match(String(none.body?.detail), /name it \(\?project=1\)/);
      } else {
        const res = await call(own, limited, op.method);
        assert.equal(res.status, 403, where(own, res.status));
      }
    }
  });

  test('sentry-cli with a project:releases token of project 1 makes releases there, and only there', async () => {
    const { token } = await store.createToken('ci-1', {
      scopes: ['project:releases'],
      projectId: 1 as ProjectId,
    });
    const mine = await call('/api/0/organizations/acme/releases/', token, 'POST', {
      version: 'scoped@1',
      projects: ['default'],
    });
    assert.equal(mine.status, 201, mine.text);
    const theirs = await call('/api/0/organizations/acme/releases/', token, 'POST', {
      version: 'scoped@2',
      projects: ['other'],
    });
    assert.equal(theirs.status, 403, theirs.text);
    assert.match(String(theirs.body?.detail), /limited to project 1, not project 2/);
    await call('/api/0/organizations/acme/releases/', ADMIN, 'POST', {
      version: 'elsewhere@1',
      projects: ['other'],
    });
    const listed = await call('/api/0/organizations/acme/releases/', token);
    const versions = (listed.body as unknown as { version: string }[]).map((r) => r.version);
    assert.ok(versions.includes('scoped@1') && !versions.includes('elsewhere@1'), versions.join());
    assert.equal((await call('/api/0/organizations/acme/releases/elsewhere@1/', token)).status, 404);
    assert.equal(
      (await call('/api/0/organizations/acme/releases/elsewhere@1/', token, 'DELETE')).status,
      403,
    );
  });
});

describe('tokens over the API', () => {
  test('admin makes a token shown once, lists it by prefix with its last use, and revokes it: refused at once', async () => {
    const made = await call('/api/v1/tokens', ADMIN, 'POST', { name: 'grafana', scopes: ['project:read'] });
    assert.equal(made.status, 201, made.text);
    const token = String(made.body?.token);
    assert.match(token, /^flt_[0-9a-f]{64}$/);
    assert.equal(made.body?.prefix, token.slice(0, 12));
    assert.deepEqual(made.body?.scopes, ['project:read']);
    assert.equal((await call('/api/v1/projects/1/issues', token)).status, 200);
    let listed: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !listed?.lastUsedAt; i++) {
      const items = (await call('/api/v1/tokens', ADMIN)).body?.items as Record<string, unknown>[];
      listed = items.find((t) => t.id === made.body?.id);
      if (!listed?.lastUsedAt) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(listed && !('token' in listed), 'the list never shows the token');
    assert.ok(listed.lastUsedAt, 'its use is noted');
    assert.equal((await call(`/api/v1/tokens/${made.body?.id}`, ADMIN, 'DELETE')).status, 204);
    assert.equal((await call('/api/v1/projects/1/issues', token)).status, 401, 'revoked: refused at once');
    assert.equal((await call(`/api/v1/tokens/${made.body?.id}`, ADMIN, 'DELETE')).status, 404);
  });

  test('bad grants are refused with what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'x', scopes: ['project:rea'] }, /unknown scope "project:rea"/],
      [{ name: 'x', scopes: [] }, /at least one scope/],
      [{ name: '', scopes: ['admin'] }, /name must be a non-empty string/],
      [{ name: 'x', scopes: ['admin'], projectId: 1 }, /cannot be limited to one/],
      [{ name: 'x', scopes: ['project:read'], projectId: 99 }, /project 99 not found/],
      [{ name: 'x', scopes: ['project:read'], projectId: '1' }, /projectId must be a positive integer/],
      [[], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const res = await call('/api/v1/tokens', ADMIN, 'POST', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(String(res.body?.detail), message);
    }
  });

  test("a token login's dashboard session can do what its token may, no more; revoking it ends the session", async () => {
    const { token, record } = await store.createToken('viewer', { scopes: ['project:read'] });
    const login = await fetch(`${collector.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    assert.equal(login.status, 201);
    const session = (await login.json()) as { csrfToken: string; scopes: string[]; projectId: number | null };
    assert.deepEqual([session.scopes, session.projectId], [['project:read'], null]);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers = { cookie, 'x-faultline-csrf': session.csrfToken, 'content-type': 'application/json' };
    assert.equal((await fetch(`${collector.url}/api/v1/projects/1/issues`, { headers })).status, 200);
    const patch = await fetch(`${collector.url}/api/v1/issues/${ownIssue}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ status: 'resolved' }),
    });
    assert.equal(patch.status, 403);
    await store.deleteToken(record.id);
    assert.equal((await fetch(`${collector.url}/api/v1/projects/1/issues`, { headers })).status, 401);
  });

  test("Sentry's organization-token shape gets a plain 401, not a malformed-header error", async () => {
    const payload = Buffer.from(
      JSON.stringify({
        iat: 1_700_000_000.5,
        url: 'https://sentry.example.com',
        region_url: 'https://sentry.example.com',
        org: 'acme',
      }),
    ).toString('base64');
    const sentryToken = `sntrys_${payload}_${'A'.repeat(43)}`;
    assert.ok(
      sentryToken.length > 128 && sentryToken.includes('='),
      'longer than the old limit, with padding inside',
    );
    const res = await call('/api/0/organizations/acme/releases/', sentryToken);
    assert.equal(res.status, 401);
    assert.match(String(res.body?.detail), /Faultline API token/);
  });
});
