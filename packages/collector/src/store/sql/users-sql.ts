/**
 * Dashboard users ("faultline user add <email>"): email and an opaque password hash. Removing a
 * user removes its dashboard sessions with it (ON DELETE CASCADE, migration 11).
 */

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
      return ctx.transaction(async (exec) => {
        const user = await exec.get<Row>('UPDATE users SET password_hash = ? WHERE email = ? RETURNING id', [
          passwordHash,
          normalizeEmail(email),
        ]);
        if (user === undefined) return false;
        // In the password's transaction: no collector serves a session of the old password after it.
        await exec.run('DELETE FROM dashboard_sessions WHERE user_id = ?', [user.id]);
        return true;
      });
    },
  };
}
