/**
 * Dashboard sessions (migration 11), so any collector on one database serves a session another
 * made. A session made with a user or an API token is inserted only while that user (with the
 * password hash seen before the check) or token still exists, reading it under a row lock: a
 * removal or a new password committed meanwhile leaves no row, and one committed later removes
 * the row (ON DELETE CASCADE, or users-sql.ts in the password's transaction).
 */

import type { ProjectId } from '../ids.js';
import type { DashboardSessionRecord, NewDashboardSession } from '../records.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import type { Row } from './rows.js';
import { scopesOf } from './tokens-sql.js';

const COLUMNS =
  '(id_hash, user_id, user_email, token_id, admin_digest, created_at, expires_at, last_seen_at)';

const toSession = (r: Row): DashboardSessionRecord => ({
  userId: r.user_id === null ? null : Number(r.user_id),
  userEmail: r.user_email === null ? null : String(r.user_email),
  tokenId: r.token_id === null ? null : Number(r.token_id),
  tokenScopes: r.token_scopes === null || r.token_scopes === undefined ? [] : scopesOf(r.token_scopes),
  tokenProjectId:
    r.token_project_id === null || r.token_project_id === undefined
      ? null
      : (Number(r.token_project_id) as ProjectId),
  adminDigest: r.admin_digest === null ? null : String(r.admin_digest),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  lastSeenAt: Number(r.last_seen_at),
});

function insert(exec: SqlExecutor, s: NewDashboardSession): Promise<number> {
  const times = [s.createdAt, s.expiresAt, s.createdAt];
  const lock = exec.dialect.forUpdate;
  if (s.user !== undefined)
    return exec.run(
      `INSERT INTO dashboard_sessions ${COLUMNS} SELECT ?, id, email, NULL, NULL, ?, ?, ? FROM users WHERE id = ? AND password_hash = ? ${lock}`,
      [s.idHash, ...times, s.user.id, s.user.passwordHash],
    );
  if (s.tokenId !== undefined)
    return exec.run(
      `INSERT INTO dashboard_sessions ${COLUMNS} SELECT ?, NULL, NULL, id, NULL, ?, ?, ? FROM api_tokens WHERE id = ? ${lock}`,
      [s.idHash, ...times, s.tokenId],
    );
  return exec.run(`INSERT INTO dashboard_sessions ${COLUMNS} VALUES (?, NULL, NULL, NULL, ?, ?, ?, ?)`, [
    s.idHash,
    s.adminDigest ?? null,
    ...times,
  ]);
}

/** The session operations of a SQL store. */
export function dashboardSessionsSql(ctx: SqlContext) {
  return {
    createDashboardSession: (session: NewDashboardSession, sweep: { now: number; limit: number }) =>
      ctx.transaction(async (exec) => {
        // Expired rows go a few at a time with each login, so the table holds about the
        // sessions of one SESSION_TTL_MS without a job of its own.
        await exec.run(
          `DELETE FROM dashboard_sessions WHERE id_hash IN (SELECT id_hash FROM dashboard_sessions WHERE expires_at <= ? LIMIT ? ${exec.dialect.forUpdateSkipLocked})`,
          [sweep.now, sweep.limit],
        );
        return (await insert(exec, session)) > 0;
      }),
    async findDashboardSession(idHash: string) {
      // One read still: the token's scopes come with the row, so a token login can do only what
      // its token may.
      const row = await ctx.read.get<Row>(
        'SELECT s.*, t.scopes AS token_scopes, t.restricted_project_id AS token_project_id FROM dashboard_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id WHERE s.id_hash = ?',
        [idHash],
      );
      return row === undefined ? undefined : toSession(row);
    },
    async touchDashboardSession(idHash: string, now: number, olderThan: number) {
      await ctx.transaction((exec) =>
        exec.run('UPDATE dashboard_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?', [
          now,
          idHash,
          olderThan,
        ]),
      );
    },
    async deleteDashboardSession(idHash: string) {
      await ctx.transaction((exec) => exec.run('DELETE FROM dashboard_sessions WHERE id_hash = ?', [idHash]));
    },
  };
}
