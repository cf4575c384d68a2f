/**
 * The Settings page's API tokens without their looks: who may manage them, a token as a table
 * row in words, and the create form to the POST body, with what a person can fix named first
 * (an empty name, no scope); the rest the collector's 400 names.
 */

import { MAX_TOKEN_NAME_CHARS } from '../limits.js';
import { whenInWords } from './format.js';
import { type ApiToken, TOKEN_SCOPES, type TokenBody, type TokenScope } from './token-types.js';
import type { Project } from './types.js';

export interface TokenForm {
  name: string;
  scopes: TokenScope[];
  /** A project id as the select's value; '' for every project. */
  projectId: string;
}

export type TokenBodyResult = { ok: true; body: TokenBody } | { ok: false; problem: string };

/** A token in the table's words; every field is text, rendered as text. */
export interface TokenRow {
  name: string;
  scopes: string;
  project: string;
  /** The first characters, with an ellipsis saying the rest is not kept here. */
  prefix: string;
  created: string;
  lastUsed: string;
}

/** @example emptyTokenForm() // { name: '', scopes: ['project:read'], projectId: '' } */
export function emptyTokenForm(): TokenForm {
  return { name: '', scopes: ['project:read'], projectId: '' };
}

/**
 * The token routes answer 403 to any session without `admin`: such a session is not shown them.
 * @example canManageTokens(['admin']) // true; canManageTokens(['project:read']) // false
 */
export function canManageTokens(scopes: readonly string[]): boolean {
  return scopes.includes('admin');
}

/**
 * @example tokenRowOf(token, projects, 'UTC')
 * // { name: 'ci', scopes: 'project:read', project: 'shop (#1)', prefix: 'flt_1234abcd…', created: '7 Dec 2026, 10:00', lastUsed: 'never' }
 */
export function tokenRowOf(token: ApiToken, projects: readonly Project[], timeZone?: string): TokenRow {
  const project = token.projectId === null ? undefined : projects.find((p) => p.id === token.projectId);
  return {
    name: token.name,
    scopes: token.scopes.join(', '),
    project:
      token.projectId === null ? 'all' : project ? `${project.name} (#${project.id})` : `#${token.projectId}`,
    prefix: `${token.prefix}…`,
    created: whenInWords(token.createdAt, timeZone),
    lastUsed: token.lastUsedAt === null ? 'never' : whenInWords(token.lastUsedAt, timeZone),
  };
}

/** Ticks or unticks one scope, keeping the form's order. */
export function toggledScopes(scopes: readonly TokenScope[], scope: TokenScope, on: boolean): TokenScope[] {
  return TOKEN_SCOPES.filter((s) => (s === scope ? on : scopes.includes(s)));
}

/**
 * @example tokenBodyFromForm({ name: ' ci ', scopes: ['project:read'], projectId: '1' })
 * // { ok: true, body: { name: 'ci', scopes: ['project:read'], projectId: 1 } }
 */
export function tokenBodyFromForm(form: TokenForm): TokenBodyResult {
  const name = form.name.trim();
  if (name === '' || name.length > MAX_TOKEN_NAME_CHARS)
    return { ok: false, problem: `name: 1 to ${MAX_TOKEN_NAME_CHARS} characters` };
  const scopes = TOKEN_SCOPES.filter((s) => form.scopes.includes(s));
  if (scopes.length === 0) return { ok: false, problem: 'scopes: tick at least one' };
  if (form.projectId === '') return { ok: true, body: { name, scopes } };
  if (!/^[1-9]\d{0,14}$/.test(form.projectId))
    return { ok: false, problem: 'project: pick one from the list' };
  // Which scopes may be limited to a project is the collector's rule: its 400 shows beside the form.
  return { ok: true, body: { name, scopes, projectId: Number(form.projectId) } };
}
