/** API tokens (issue 4 §4 "Authorization: Bearer <token>"): only SHA-256 hashes are stored. */

import type { TokenRecord } from '../records.js';
import { hashToken, newToken } from '../secrets.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

const toToken = (r: Row): TokenRecord => ({
  id: Number(r.id),
  name: String(r.name),
  createdAt: Number(r.created_at),
});

/** The token operations of a SQL store. */
export function tokensSql(ctx: SqlContext) {
  const findByHash = async (tokenHash: string): Promise<TokenRecord | undefined> => {
    const row = await ctx.read.get<Row>('SELECT * FROM api_tokens WHERE token_hash = ?', [tokenHash]);
    return row === undefined ? undefined : toToken(row);
  };
  return {
    async createToken(name: string) {
      const token = newToken();
      const row = await ctx.transaction((exec) =>
        exec.get<Row>('INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?) RETURNING *', [
          name,
          hashToken(token),
          Date.now(),
        ]),
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
    async deleteToken(id: number) {
      return (await ctx.transaction((exec) => exec.run('DELETE FROM api_tokens WHERE id = ?', [id]))) > 0;
    },
  };
}
