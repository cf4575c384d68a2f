/** API tokens (issue 4 §4 "Authorization: Bearer <token>", issue 17 §1 scopes): only SHA-256
 * hashes are stored, with the token's first TOKEN_PREFIX_SHOWN characters to tell it apart. */

import { isTokenScope, type TokenScope } from '@faultline/core';
import { TOKEN_PREFIX_SHOWN } from '../../limits.js';
import type { ProjectId } from '../ids.js';
import type { NewTokenGrant, TokenRecord } from '../records.js';
import { hashToken, newToken } from '../secrets.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** Stored as a comma-separated list; a scope this version does not know is dropped, never widened. */
export const scopesOf = (text: unknown): TokenScope[] => String(text).split(',').filter(isTokenScope);

const toToken = (r: Row): TokenRecord => ({
  id: Number(r.id),
  name: String(r.name),
  scopes: scopesOf(r.scopes),
  projectId:
    r.restricted_project_id === null || r.restricted_project_id === undefined
      ? null
      : (Number(r.restricted_project_id) as ProjectId),
  prefix: String(r.prefix ?? ''),
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null || r.last_used_at === undefined ? null : Number(r.last_used_at),
});

/** The token operations of a SQL store. */
export function tokensSql(ctx: SqlContext) {
  const findByHash = async (tokenHash: string): Promise<TokenRecord | undefined> => {
    const row = await ctx.read.get<Row>('SELECT * FROM api_tokens WHERE token_hash = ?', [tokenHash]);
    return row === undefined ? undefined : toToken(row);
  };
  return {
    async createToken(name: string, grant: NewTokenGrant = { scopes: ['admin'] }) {
      const token = newToken();
      const row = await ctx.transaction((exec) =>
        exec.get<Row>(
          'INSERT INTO api_tokens (name, token_hash, created_at, scopes, restricted_project_id, prefix) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
          [
            name,
            hashToken(token),
            Date.now(),
            grant.scopes.join(','),
            grant.projectId ?? null,
            token.slice(0, TOKEN_PREFIX_SHOWN),
          ],
        ),
      );
      return { token, record: toToken(row!) };
    },
    async verifyToken(plain: string) {
      if (typeof plain !== 'string' || plain.length === 0) return undefined;
      return findByHash(hashToken(plain));
    },
    findTokenByHash: findByHash,
    async listTokens() {
      return (await ctx.read.all<Row>('SELECT * FROM api_tokens ORDER BY id')).map(toToken);
    },
    async touchToken(id: number, now: number, olderThan: number) {
      await ctx.transaction((exec) =>
        exec.run(
          'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
          [now, id, olderThan],
        ),
      );
    },
    async deleteToken(id: number) {
      return (await ctx.transaction((exec) => exec.run('DELETE FROM api_tokens WHERE id = ?', [id]))) > 0;
    },
  };
}
