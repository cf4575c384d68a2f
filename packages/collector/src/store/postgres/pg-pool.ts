/**
 * The pg pool of the PostgreSQL store, with a bound on every wait (limits.ts, PostgreSQL section):
 * a restarted, stopped, frozen or unreachable server makes a call fail within a bounded time
 * instead of hanging it, and the pool reconnects by itself when the server is back. Without
 * them a frozen server held ingest until a cache expired and the read API for 35 s. A connection
 * string listing several hosts (libpq's `host1:port,host2:port`) reaches whichever of them is the
 * writable primary, and follows a failover by itself (pg-hosts.ts).
 */

import pg from 'pg';
import {
  PG_CONNECT_TIMEOUT_MS,
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  PG_IDLE_TIMEOUT_MS,
  PG_KEEPALIVE_INITIAL_DELAY_MS,
  PG_LOCK_TIMEOUT_MS,
  PG_QUERY_TIMEOUT_MS,
  PG_STATEMENT_TIMEOUT_MS,
} from '../../limits.js';
import { hostUrls, multiHostOptions } from './pg-hosts.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Times and counters are BIGINT (ms and counts stay far below 2^53); sums are NUMERIC.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * A pool whose every connection carries the store's timeouts.
 * @example const pool = createPgPool({ connectionString: url, max: 10 });
 */
export function createPgPool(options: { connectionString: string; max: number; schema?: string }): pg.Pool {
  const hosts = hostUrls(options.connectionString);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    ...(hosts === undefined ? {} : multiHostOptions(hosts)),
    max: options.max,
    types: types as pg.CustomTypesConfig,
    // Statements issued together (digest's bulk writes, sql/multi-row.ts) go out together:
    // one round trip for the lot instead of one each.
    pipeline: true,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: PG_IDLE_TIMEOUT_MS,
    // Enforced by the server while it runs; query_timeout covers a server that does not.
    statement_timeout: PG_STATEMENT_TIMEOUT_MS,
    lock_timeout: PG_LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    // In pipeline mode pg drops the whole connection when it passes (the statements behind it
    // cannot be answered any more), so the pool replaces it.
    query_timeout: PG_QUERY_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: PG_KEEPALIVE_INITIAL_DELAY_MS,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client that loses its connection (a restart's 57P01) is already dropped by the pool,
  // which reports it here; without a listener that report would crash the process. The next
  // call opens a new connection, and fails as unavailable while the server is away.
  pool.on('error', () => {});
  // Between handing a new client out and the borrower's listener (attached once its promise
  // settles) the client has no 'error' listener, and a ReadyForQuery read together with a
  // restart's 57P01 is parsed in that gap: the error had nowhere to go and crashed the process.
  // A listener for the client's whole life closes every such gap; the failure still reaches the
  // statement that runs next (the client is no longer queryable) and the pool drops the client.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
