/** What `faultline token create|list|revoke` do to the store, and how they print it. */

import { type TokenRecord, tokenGrant } from '@faultline/collector';
import { CommandRefused, withStore } from './store-command.js';
import type { TokenCreateArgs, TokenListArgs, TokenRevokeArgs } from './token-cli.js';

const utc = (ms: number | null) =>
  ms === null ? 'never' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * One line per token under a header, columns padded: id, name, scopes, project, prefix, created,
 * last used.
 * @example formatTokens(await store.listTokens()).join('\n')
 */
export function formatTokens(tokens: readonly TokenRecord[]): string[] {
  const rows = [
    ['ID', 'NAME', 'SCOPES', 'PROJECT', 'PREFIX', 'CREATED', 'LAST USED'],
    ...tokens.map((t) => [
      String(t.id),
      t.name,
      t.scopes.join(','),
      t.projectId === null ? 'all' : String(t.projectId),
      t.prefix === '' ? '-' : `${t.prefix}…`,
      utc(t.createdAt),
      utc(t.lastUsedAt),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '),
  );
}

/**
 * @example await tokenCreate({ command: 'token-create', name: 'ci', scopes: 'project:releases', project: undefined, data: '.faultline', db: undefined }, console.log)
 */
export async function tokenCreate(args: TokenCreateArgs, print: (line: string) => void): Promise<void> {
  // parseToken checked these: this does not throw.
  const made = tokenGrant({ name: args.name, scopes: args.scopes, projectId: args.project });
  const created = await withStore(args, async (store) => {
    const projectId = made.grant.projectId;
    if (projectId !== undefined && (await store.getProject(projectId)) === undefined)
      throw new CommandRefused(`no project ${projectId} (see the dashboard, or GET /api/v1/projects)`);
    return store.createToken(made.name, made.grant);
  });
  const where = created.record.projectId === null ? 'every project' : `project ${created.record.projectId}`;
  print(
    `Token ${created.record.id} "${created.record.name}" (${created.record.scopes.join(', ')}; ${where}). Shown once, keep it:`,
  );
  print(created.token);
}

/** @example await tokenList({ command: 'token-list', data: '.faultline', db: undefined }, console.log) */
export async function tokenList(args: TokenListArgs, print: (line: string) => void): Promise<void> {
  const tokens = await withStore(args, (store) => store.listTokens(), true);
  if (tokens.length === 0)
    print('No API tokens: make one with `faultline token create --name NAME --scopes S`.');
  else for (const line of formatTokens(tokens)) print(line);
}

/** @example await tokenRevoke({ command: 'token-revoke', id: 3, data: '.faultline', db: undefined }, console.log) */
export async function tokenRevoke(args: TokenRevokeArgs, print: (line: string) => void): Promise<void> {
  const removed = await withStore(args, (store) => store.deleteToken(args.id), true);
  if (!removed) throw new CommandRefused(`no token ${args.id} (see \`faultline token list\`)`);
  print(`Token ${args.id} revoked: its callers and dashboard sessions are refused from now on.`);
}
