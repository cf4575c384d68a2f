/**
 * What a new API token is made with, checked the same way for `faultline token create` and
 * `POST /api/v1/tokens`: a name, at least one scope (core's TOKEN_SCOPES), and optionally the
 * one project it is limited to. Each caller turns a TokenGrantError into its own refusal (a
 * usage error, a 400).
 */

import { parseTokenScopes } from '@faultline/core';
import { MAX_TOKEN_NAME_LENGTH } from '../limits.js';
import type { NewTokenGrant, ProjectId } from '../store/index.js';

/** A grant that cannot be made; `field` names what was wrong (`name`, `scopes`, `projectId`). */
export class TokenGrantError extends Error {
  constructor(
    readonly field: 'name' | 'scopes' | 'projectId',
    message: string,
  ) {
    super(message);
    this.name = 'TokenGrantError';
  }
}

export interface TokenGrantInput {
  name: unknown;
  /** A list, or a comma-separated string as the CLI takes it. */
  scopes: unknown;
  projectId?: unknown;
}

/**
 * @throws TokenGrantError naming the first field that is wrong
 * @example tokenGrant({ name: 'ci', scopes: 'project:releases,project:read', projectId: 1 })
 * // { name: 'ci', grant: { scopes: ['project:read', 'project:releases'], projectId: 1 } }
 */
export function tokenGrant(input: TokenGrantInput): { name: string; grant: NewTokenGrant } {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > MAX_TOKEN_NAME_LENGTH)
    throw new TokenGrantError(
      'name',
      `name must be a non-empty string of at most ${MAX_TOKEN_NAME_LENGTH} characters`,
    );
  if (typeof input.scopes !== 'string' && !Array.isArray(input.scopes))
    throw new TokenGrantError('scopes', 'scopes must be a list of scopes');
  let scopes: NewTokenGrant['scopes'];
  try {
    scopes = parseTokenScopes(input.scopes);
  } catch (error) {
    throw new TokenGrantError('scopes', (error as Error).message);
  }
  if (input.projectId === undefined || input.projectId === null) return { name, grant: { scopes } };
  const projectId = input.projectId;
  if (typeof projectId !== 'number' || !Number.isSafeInteger(projectId) || projectId < 1)
    throw new TokenGrantError('projectId', 'projectId must be a positive integer');
  if (scopes.includes('admin'))
    throw new TokenGrantError(
      'projectId',
      'an admin token manages every project (projects, keys, tokens, users): it cannot be limited to one',
    );
  return { name, grant: { scopes, projectId: projectId as ProjectId } };
}
