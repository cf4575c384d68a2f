import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTokenScopes, scopesAllow, TOKEN_SCOPES } from './token-scopes.js';

test('admin holds every scope; project:write holds project:read; project:releases stands alone', () => {
  for (const needed of TOKEN_SCOPES) assert.equal(scopesAllow(['admin'], needed), true, needed);
  assert.equal(scopesAllow(['project:write'], 'project:read'), true);
  assert.equal(scopesAllow(['project:read'], 'project:write'), false);
  assert.equal(scopesAllow(['project:releases'], 'project:read'), false);
  assert.equal(scopesAllow(['project:read'], 'project:releases'), false);
  assert.equal(scopesAllow(['project:write'], 'admin'), false);
  assert.equal(scopesAllow(['project:releases'], 'authenticated'), true);
  assert.equal(scopesAllow([], 'authenticated'), false);
});

test('scopes parse from a list or a comma-separated string, in one order, and unknown ones are named', () => {
  assert.deepEqual(parseTokenScopes('project:releases, project:read'), ['project:read', 'project:releases']);
  assert.deepEqual(parseTokenScopes(['admin', 'admin']), ['admin']);
  assert.throws(
    () => parseTokenScopes('project:rea'),
    /unknown scope "project:rea": the scopes are project:read/,
  );
  assert.throws(() => parseTokenScopes(''), /at least one scope/);
  assert.throws(() => parseTokenScopes([]), /at least one scope/);
  assert.throws(() => parseTokenScopes([1]), /unknown scope 1/);
});
