/**
 * Which PostgreSQL failures mean "the database cannot answer now" (a restart, a crash, a frozen
 * or unreachable server, a timeout of ours), as opposed to a bug or bad data. Those become a
 * StoreUnavailableError, answered 503 + Retry-After; everything else passes through unchanged.
 * SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
 */

import { StoreUnavailableError, type StoreUnavailableKind } from '../store-errors.js';

/** Socket errors of a refused, dropped or unreachable connection (Node's `code`). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs outside class 08 that mean the server cannot serve us now. */
const SQLSTATE_KINDS: Record<string, StoreUnavailableKind> = {
  '57P01': 'connection', // admin_shutdown: `pg_ctl stop/restart -m fast`, pg_terminate_backend
  '57P02': 'connection', // crash_shutdown: another backend crashed, the server restarts
  '57P03': 'connection', // cannot_connect_now: starting up, shutting down, in recovery
  '57P05': 'connection', // idle_session_timeout
  '25P03': 'connection', // idle_in_transaction_session_timeout ended our session
  '25006': 'connection', // read_only_sql_transaction: a failover left us on a standby
  '53300': 'connection', // too_many_connections
  '53000': 'disk', // insufficient_resources
  '53100': 'disk', // disk_full
  '53200': 'disk', // out_of_memory
  '57014': 'timeout', // query_canceled: our statement_timeout
  '55P03': 'timeout', // lock_not_available: our lock_timeout
};

/** pg's own messages for a connection it lost or gave up on (they carry no code). */
const PG_MESSAGES: [RegExp, StoreUnavailableKind][] = [
  [
    /timeout exceeded when trying to connect|connection timeout|Query read timeout|timeout expired/i,
    'timeout',
  ],
  [/Connection terminated|not queryable|Connection closed|connection error/i, 'connection'],
  [/Cannot use a pool after calling end|Client was closed/i, 'closed'],
];

function kindOf(error: unknown): StoreUnavailableKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  if (code.startsWith('08')) return 'connection';
  const byState = SQLSTATE_KINDS[code];
  if (byState) return byState;
  if (SOCKET_CODES.has(code)) return 'connection';
  if (code === '') {
    const message = String((error as { message?: unknown }).message ?? '');
    for (const [pattern, kind] of PG_MESSAGES) if (pattern.test(message)) return kind;
  }
  return undefined;
}

/** PgBouncer's refusal of a startup parameter it does not track: pg sends the store's timeouts
 * as startup parameters. It stays "cannot answer now" (503 while it lasts, and a start that
 * fails), with the setting that ends it in the message. */
const UNSUPPORTED_STARTUP_PARAMETER = /unsupported startup parameter: (\S+)/;

function detailOf(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const refused = UNSUPPORTED_STARTUP_PARAMETER.exec(detail);
  if (refused === null) return detail;
  return (
    `the connection pooler refuses the startup parameter ${refused[1]}: list ` +
    "statement_timeout,lock_timeout,idle_in_transaction_session_timeout in PgBouncer's " +
    'ignore_startup_parameters and set them on the database role instead (collector README, ' +
    '"Several collectors on one PostgreSQL: faults")'
  );
}

/**
 * The error to throw for a failure of pg: a StoreUnavailableError (with the original as `cause`)
 * when the database cannot answer now, else `error` itself.
 * @example try { await pool.query(sql) } catch (e) { throw pgFailure(e) }
 */
export function pgFailure(error: unknown): unknown {
  const kind = kindOf(error);
  if (kind === undefined) return error;
  return new StoreUnavailableError(kind, `PostgreSQL cannot answer now (${kind}): ${detailOf(error)}`, {
    cause: error,
  });
}
