/**
 * API tokens on the Settings page over a fake API (no DOM, no network): only an admin session
 * asks for them; a create shows the token once and reloads the list; the collector's 400 detail
 * lands beside the form; Revoke revokes nothing until confirmed; leaving Settings drops the token.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { ApiToken, TokenBody } from '../api/token-types.js';
import { createController } from './controller.js';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

const stored = (id: number, body: TokenBody): ApiToken => ({
  id,
  name: body.name,
  scopes: body.scopes,
  projectId: body.projectId ?? null,
  prefix: `flt_${String(id).padStart(8, '0')}`,
  createdAt: '2026-12-07T10:00:00.000Z',
  lastUsedAt: null,
});

/** An API where anything not given fails the test that calls it; `calls` records the token calls. */
function fakeApi(scopes: string[], calls: string[], given: Partial<ApiClient> = {}): ApiClient {
  const held: ApiToken[] = [];
  const base: Partial<ApiClient> = {
    session: async () => ({ csrfToken: 'c', expiresAt: '', user: null, scopes, projectId: null }),
    listProjects: async () => ({ items: [] }),
    listKeys: async () => ({ items: [] }),
    async listTokens() {
      calls.push('list');
      return { items: [...held] };
    },
    async createToken(body) {
      calls.push(`create ${JSON.stringify(body)}`);
      const t = stored(held.length + 1, body);
      held.push(t);
      return { ...t, token: `${t.prefix}secret` };
    },
    async revokeToken(id) {
      calls.push(`revoke ${id}`);
      held.splice(
        held.findIndex((t) => t.id === id),
        1,
      );
    },
    ...given,
  };
  return new Proxy(base, {
    get(target, name: string) {
      const fn = target[name as keyof ApiClient] as ((...args: unknown[]) => unknown) | undefined;
      return (...args: unknown[]) => (fn ? fn(...args) : Promise.reject(new Error(`${name} not expected`)));
    },
  }) as ApiClient;
}

async function open(scopes: string[], given: Partial<ApiClient> = {}) {
  const calls: string[] = [];
  const controller = createController(
    fakeApi(scopes, calls, given),
    { location: { pathname: '/settings', search: '' }, history: { pushState: () => undefined } },
    () => undefined,
  );
  await controller.start();
  await settle();
  return { controller, calls };
}

test('a session without admin does not ask for the tokens (the collector would answer 403)', async () => {
  const { controller, calls } = await open(['project:read']);
  assert.deepEqual(controller.state.scopes, ['project:read']);
  assert.deepEqual(calls, []);
  assert.equal(controller.state.tokens.fetchStatus, 'idle');
  assert.equal(controller.state.tokens.data, undefined);
});

test('a create shows the token once, empties the name, and reloads the list', async () => {
  const { controller, calls } = await open(['admin']);
  assert.deepEqual(calls, ['list']);
  controller.actions.editTokenForm({ name: ' ci ', projectId: '1' });
  controller.actions.toggleTokenScope('project:releases', true);
  controller.actions.createToken();
  await settle();
  assert.deepEqual(calls, [
    'list',
    'create {"name":"ci","scopes":["project:read","project:releases"],"projectId":1}',
    'list',
  ]);
  const { tokenUi, tokens } = controller.state;
  assert.equal(tokenUi.created?.token, 'flt_00000001secret');
  assert.deepEqual([tokenUi.form.name, tokenUi.form.projectId], ['', '1']);
  assert.deepEqual(
    tokens.data?.items.map((t) => t.prefix),
    ['flt_00000001'],
  );
  // Leaving Settings drops it: it is not shown again.
  controller.actions.navigate('/issues');
  assert.equal(controller.state.tokenUi.created, undefined);
});

test("the form's own problem and the collector's 400 detail are shown beside the form", async () => {
  const refusal = new ApiError(
    400,
    'Bad Request: no',
    'POST',
    '/api/v1/tokens',
    undefined,
    'an admin token cannot be limited to one',
  );
  const { controller, calls } = await open(['admin'], { createToken: () => Promise.reject(refusal) });
  controller.actions.createToken();
  assert.match(controller.state.tokenUi.problem ?? '', /^name:/);
  assert.deepEqual(calls, ['list'], 'nothing sent');
  controller.actions.editTokenForm({ name: 'ops' });
  controller.actions.createToken();
  await settle();
  assert.equal(controller.state.tokenUi.problem, 'an admin token cannot be limited to one');
  assert.equal(controller.state.tokenUi.busy, false);
});

test('Revoke revokes nothing until confirmed; Keep it keeps the token', async () => {
  const { controller, calls } = await open(['admin']);
  controller.actions.editTokenForm({ name: 'ci' });
  controller.actions.createToken();
  await settle();
  controller.actions.askRevokeToken(1);
  assert.equal(controller.state.tokenUi.confirmRevoke, 1);
  controller.actions.confirmRevokeToken(false);
  await settle();
  assert.equal(controller.state.tokenUi.confirmRevoke, undefined);
  assert.ok(!calls.some((c) => c.startsWith('revoke')));
  controller.actions.askRevokeToken(1);
  controller.actions.confirmRevokeToken(true);
  await settle();
  assert.deepEqual(calls.slice(-2), ['revoke 1', 'list']);
  assert.deepEqual(controller.state.tokens.data?.items, []);
  assert.equal(controller.state.tokenUi.created, undefined, 'a revoked token is not offered for copying');
});
