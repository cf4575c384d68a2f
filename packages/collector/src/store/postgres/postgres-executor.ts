/**
 * SqlExecutor over a pg client or pool; rewrites the shared `?` placeholders to `$n`. A failure
 * that means the database cannot answer now is thrown as a StoreUnavailableError (pg-errors.ts).
 */

import type pg from 'pg';
import { PG_MAX_CACHED_STATEMENT_LENGTH } from '../../limits.js';
import type { Dialect, SqlExecutor } from '../sql/executor.js';
import { pgFailure } from './pg-errors.js';
import { PG_PAYLOAD_TAG, PG_PAYLOAD_TEXTS } from './pg-payload.js';

/**
 * A LIKE pattern matching any text that contains `text`: `\`, `%` and `_` escaped with LIKE's
 * default escape character, the backslash.
 * @example likeContaining('100%_a') // '%100\\%\\_a%'
 */
export const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Lock key for creating project 1 and for migrations live in the callers; this is the SQL. */
export const POSTGRES_DIALECT: Dialect = {
  name: 'postgres',
  forUpdate: ' FOR UPDATE',
  forUpdateSkipLocked: ' FOR UPDATE SKIP LOCKED',
  contains: (column) => `strpos(lower(${column}), lower(?)) > 0`,
  // The pg_trgm GIN indexes (migration 4) serve ILIKE, not strpos: the text as a pattern.
  indexedTextFilter: (text) => {
    const pattern = likeContaining(text);
    return { sql: '(title ILIKE ? OR culprit ILIKE ?)', params: [pattern, pattern] };
  },
  payloadTag: PG_PAYLOAD_TAG,
  payloadTexts: PG_PAYLOAD_TEXTS,
  advisoryLock: (key) => `SELECT pg_advisory_xact_lock(${Math.trunc(key)})`,
  // Keyed by the schema too: several Faultline schemas may share one database.
  tryAdvisoryLock: (key) =>
    `SELECT pg_try_advisory_xact_lock(${Math.trunc(key)}, hashtext(current_schema())) AS locked`,
  // An explicit id (project 1) does not advance the identity sequence; move it past the max.
  afterExplicitProjectId:
    "SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects))",
  multiRowInsert: true,
  // pg sends a JS array as an array literal; its element type follows the column's.
  anyOf: (column) => `${column} = ANY(?)`,
  listParam: (values) => [...values],
  partitionedEvents: true,
};

const converted = new Map<string, string>();

/**
 * `?` → `$1, $2, …`. The shared statements never contain `?` inside literals. The cache is
 * bounded by the finite set of statement texts store/sql builds, short ones only: a multi-row
 * INSERT has a text per row count, converted each time instead.
 * @example toPositional('a = ? AND b = ?') // 'a = $1 AND b = $2'
 */
export function toPositional(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (sql.length <= PG_MAX_CACHED_STATEMENT_LENGTH) converted.set(sql, out);
  }
  return out;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * @example const exec = new PostgresExecutor(pool); await exec.all('SELECT * FROM issues')
 */
export class PostgresExecutor implements SqlExecutor {
  readonly dialect = POSTGRES_DIALECT;
  readonly #db: Queryable;
  readonly #queryTimeoutMs: number | undefined;

  /** @param queryTimeoutMs pg's client-side `query_timeout` for these statements instead of the
   * pool's (background work runs longer statements). */
  constructor(db: Queryable, queryTimeoutMs?: number) {
    this.#db = db;
    this.#queryTimeoutMs = queryTimeoutMs;
  }

  async #query(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    try {
      if (this.#queryTimeoutMs === undefined) return await this.#db.query(text, values);
      return await this.#db.query({ text, values, query_timeout: this.#queryTimeoutMs } as pg.QueryConfig);
    } catch (error) {
      throw pgFailure(error);
    }
  }

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.#query(toPositional(sql), params as unknown[]);
    return result.rows as R[];
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.#query(toPositional(sql), params as unknown[]);
    return result.rowCount ?? 0;
  }

  async script(sql: string): Promise<void> {
    // No parameters: the simple query protocol runs several statements in one round trip.
    await this.#query(sql);
  }
}
