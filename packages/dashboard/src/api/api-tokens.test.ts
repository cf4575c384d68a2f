import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canManageTokens,
  emptyTokenForm,
  toggledScopes,
  tokenBodyFromForm,
  tokenRowOf,
} from './api-tokens.js';
import type { ApiToken } from './token-types.js';
import type { Project } from './types.js';

const TOKEN: ApiToken = {
  id: 3,
  name: 'ci <b>deploy</b>',
  scopes: ['project:read', 'project:releases'],
  projectId: 1,
  prefix: 'flt_1234abcd',
  createdAt: '2026-12-07T10:00:00.000Z',
  lastUsedAt: null,
};
const PROJECTS = [{ id: 1, name: 'shop' }] as Project[];

test('only a session holding admin manages tokens', () => {
  assert.equal(canManageTokens(['admin']), true);
  assert.equal(canManageTokens(['project:read', 'admin']), true);
  for (const scopes of [[], ['project:read'], ['project:write', 'project:releases'], ['Admin']])
    assert.equal(canManageTokens(scopes), false, scopes.join());
});

test('a row names scopes, the project or "all", the prefix with an ellipsis, "never" when unused', () => {
  assert.deepEqual(tokenRowOf(TOKEN, PROJECTS, 'UTC'), {
    name: 'ci <b>deploy</b>',
    scopes: 'project:read, project:releases',
    project: 'shop (#1)',
    prefix: 'flt_1234abcd…',
    created: '7 Dec 2026, 10:00',
    lastUsed: 'never',
  });
  const used = tokenRowOf({ ...TOKEN, projectId: null, lastUsedAt: '2026-12-07T11:30:00.000Z' }, [], 'UTC');
  assert.equal(used.project, 'all');
  assert.equal(used.lastUsed, '7 Dec 2026, 11:30');
  assert.equal(tokenRowOf({ ...TOKEN, projectId: 9 }, PROJECTS, 'UTC').project, '#9', 'a project not listed');
});

test('the form sends the trimmed name, the ticked scopes in order, the project as a number', () => {
  assert.deepEqual(tokenBodyFromForm(emptyTokenForm()), { ok: false, problem: 'name: 1 to 100 characters' });
  assert.deepEqual(
    tokenBodyFromForm({ name: ' ci ', scopes: ['project:releases', 'project:read'], projectId: '2' }),
    { ok: true, body: { name: 'ci', scopes: ['project:read', 'project:releases'], projectId: 2 } },
  );
  assert.deepEqual(tokenBodyFromForm({ name: 'ops', scopes: ['admin'], projectId: '' }), {
    ok: true,
    body: { name: 'ops', scopes: ['admin'] },
  });
});

test('what the collector would refuse is named before anything is sent', () => {
  const form = { name: 'ci', scopes: ['project:read' as const], projectId: '' };
  assert.match(problemOf({ ...form, name: '   ' }), /^name:/);
  assert.match(problemOf({ ...form, name: 'x'.repeat(101) }), /^name:/);
  assert.equal(tokenBodyFromForm({ ...form, name: 'x'.repeat(100) }).ok, true);
  assert.match(problemOf({ ...form, scopes: [] }), /^scopes:/);
  for (const projectId of ['0', '-1', '1.5', 'one', '1e3'])
    assert.match(problemOf({ ...form, projectId }), /^project:/, projectId);
  // Whether admin may be limited to a project is the collector's to say (its 400).
  assert.equal(tokenBodyFromForm({ ...form, scopes: ['admin'], projectId: '1' }).ok, true);
});

test('ticking a scope keeps the form order; unticking drops only it', () => {
  assert.deepEqual(toggledScopes(['admin'], 'project:read', true), ['project:read', 'admin']);
  assert.deepEqual(toggledScopes(['project:read', 'admin'], 'admin', false), ['project:read']);
  assert.deepEqual(toggledScopes(['project:read'], 'project:read', true), ['project:read']);
});

function problemOf(form: Parameters<typeof tokenBodyFromForm>[0]): string {
  const result = tokenBodyFromForm(form);
  assert.equal(result.ok, false);
  return result.ok ? '' : result.problem;
}
