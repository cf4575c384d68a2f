/**
 * SqlExecutor over one better-sqlite3 connection, with a prepared-statement cache. A statement
 * that finds the database locked by another process is retried on a timer (busy-retry.ts).
 */

import type { Database, Statement } from 'better-sqlite3';
import type { Dialect, SqlExecutor } from '../sql/executor.js';
import { withBusyRetry } from './busy-retry.js';
import { SQLITE_PAYLOAD_TAG, SQLITE_PAYLOAD_TEXTS } from './sqlite-payload.js';

/**
 * The text as one FTS5 phrase: inside double quotes every character is literal but `"`, written
 * twice. A trigram phrase matches where the text is a substring (case folded).
 * @example ftsPhrase('say "hi"') // '"say ""hi"""'
 */
export const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** SQLite: one writer, so no row locks; `instr` on lower-cased text for substring search, with
 * the FTS5 trigram table `issues_fts` (migration 4) to find the candidates of a long enough text;
 * lists as a JSON array read by `json_each` (built into SQLite since 3.38). */
export const SQLITE_DIALECT: Dialect = {
  name: 'sqlite',
  forUpdate: '',
  forUpdateSkipLocked: '',
  contains: (column) => `instr(lower(${column}), lower(?)) > 0`,
  indexedTextFilter: (text) => ({
    sql: 'id IN (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?)',
    params: [ftsPhrase(text)],
  }),
  payloadTag: SQLITE_PAYLOAD_TAG,
  payloadTexts: SQLITE_PAYLOAD_TEXTS,
  advisoryLock: () => null,
  tryAdvisoryLock: () => null,
  afterExplicitProjectId: null,
  multiRowInsert: false,
  anyOf: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  listParam: (values) => JSON.stringify(values),
  partitionedEvents: false,
};

// better-sqlite3 binds numbers, strings, bigints, Buffers and null only.
function bind(params: readonly unknown[]): unknown[] {
  return params.map((p) => {
    if (p === undefined) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    if (p instanceof Uint8Array && !Buffer.isBuffer(p))
      return Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    return p;
  });
}

/**
 * The statements are a finite set of texts (store/sql builds them from fixed fragments), so
 * the cache is bounded by the code, not by the input.
 * @example const exec = new SqliteExecutor(db); await exec.get('SELECT 1 AS one')
 */
export class SqliteExecutor implements SqlExecutor {
  readonly dialect = SQLITE_DIALECT;
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Database) {
    this.#db = db;
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return withBusyRetry(() => this.#prepare(sql).all(...bind(params)) as R[]);
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return withBusyRetry(() => this.#prepare(sql).get(...bind(params)) as R | undefined);
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return withBusyRetry(() => this.#prepare(sql).run(...bind(params)).changes);
  }

  async script(sql: string): Promise<void> {
    await withBusyRetry(() => this.#db.exec(sql));
  }
}
