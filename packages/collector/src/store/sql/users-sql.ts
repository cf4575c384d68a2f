/** Dashboard users (issue 7 §1 "faultline user add <email>"): email and an opaque password hash. */

import type { UserCredentials, UserRecord } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** Emails compare case-insensitively: the stored form is the trimmed, lower-cased one. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const toUser = (r: Row): UserRecord => ({
  id: Number(r.id),
  email: String(r.email),
  createdAt: Number(r.created_at),
});

/** The user operations of a SQL store. */
export function usersSql(ctx: SqlContext) {
  return {
    async createUser(email: string, passwordHash: string) {
      // ON CONFLICT DO NOTHING: two concurrent `user add` of one email create one user, and the
      // loser learns it from the missing row instead of a driver-specific error.
      const row = await ctx.transaction((exec) =>
        exec.get<Row>(
          'INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING *',
          [normalizeEmail(email), passwordHash, Date.now()],
        ),
      );
      return row === undefined ? undefined : toUser(row);
    },
    async findUserByEmail(email: string): Promise<UserCredentials | undefined> {
      if (typeof email !== 'string') return undefined;
      const row = await ctx.read.get<Row>('SELECT * FROM users WHERE email = ?', [normalizeEmail(email)]);
      return row === undefined ? undefined : { ...toUser(row), passwordHash: String(row.password_hash) };
    },
    async listUsers() {
      return (await ctx.read.all<Row>('SELECT * FROM users ORDER BY id')).map(toUser);
    },
    async deleteUser(email: string) {
      if (typeof email !== 'string') return false;
      const changed = await ctx.transaction((exec) =>
        exec.run('DELETE FROM users WHERE email = ?', [normalizeEmail(email)]),
      );
      return changed > 0;
    },
    async setUserPassword(email: string, passwordHash: string) {
      if (typeof email !== 'string') return false;
      const changed = await ctx.transaction((exec) =>
        exec.run('UPDATE users SET password_hash = ? WHERE email = ?', [passwordHash, normalizeEmail(email)]),
      );
      return changed > 0;
    },
  };
}
