/**
 * What the shared SQL layer needs from a database driver. The statements in store/sql are
 * written in the subset both SQLite (3.35+) and PostgreSQL accept (`?` placeholders, which the
 * PostgreSQL executor rewrites to `$n`; `INSERT … ON CONFLICT`; `RETURNING`; CASE instead of
 * GREATEST/max), so the logic of every query exists once and only DDL is per dialect.
 */

export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Appended to a SELECT that must lock its rows (`FOR UPDATE`; empty in SQLite's single writer). */
  readonly forUpdate: string;
  /** Appended to a SELECT that takes rows no other transaction holds, locking them (`FOR UPDATE
   * SKIP LOCKED`: a work queue shared by several processes); empty in SQLite's single writer. */
  readonly forUpdateSkipLocked: string;
  /** A case-insensitive "column contains ?" predicate. */
  contains(column: string): string;
  /**
   * A predicate on `issues` that an index answers, true for every issue whose title or culprit
   * `contains` the text (it may keep a few more: the `contains` test is still applied), and its
   * parameters. Only asked for texts of MIN_INDEXED_SEARCH_CHARS characters or more (a trigram
   * index has nothing to look up in shorter ones). SQLite: the FTS5 trigram table; PostgreSQL:
   * ILIKE, which the pg_trgm GIN indexes serve.
   */
  indexedTextFilter(text: string): { sql: string; params: unknown[] };
  /** A predicate on `events`: its stored payload carries tag `?` with value `?` (parameters:
   * key, value), in either form an SDK sends tags. */
  readonly payloadTag: string;
  /** An expression on `events`: the message, logentry and exception values of its stored
   * payload, one per line (an event search's text). */
  readonly payloadTexts: string;
  /** A statement taking a transaction-scoped lock on `key` (PostgreSQL advisory lock), or null
   * where the single writer already excludes other writers (SQLite). */
  advisoryLock(key: number): string | null;
  /** A statement trying, without waiting, a transaction-scoped lock on `key` within this schema
   * (PostgreSQL advisory lock; one row with a boolean `locked`), or null where the single writer
   * already excludes other writers (SQLite). */
  tryAdvisoryLock(key: number): string | null;
  /** Run after inserting a project with an explicit id, so the id sequence skips it; or null. */
  readonly afterExplicitProjectId: string | null;
  /**
   * How many rows one INSERT carries (sql/multi-row.ts). PostgreSQL: as many as the parameter
   * bound allows, so a group commit costs one round trip per table. SQLite: one, so the same
   * prepared single-row statement runs once per row (no parsing, and no round trips to save).
   */
  readonly multiRowInsert: boolean;
  /** "`column` is one of a list" with the whole list in ONE parameter (see `listParam`), so the
   * statement text, and its prepared statement, does not depend on the list's length. */
  anyOf(column: string): string;
  /** The parameter value `anyOf` expects for a list. */
  listParam(values: readonly (string | number)[]): unknown;
  /**
   * `events` is partitioned by time with `project_id` leading every key (PostgreSQL, migration
   * 13): a read names the project so an index serves it (sql/event-scope.ts), retention drops
   * whole partitions, and `(project_id, event_id)` alone is not a unique key.
   */
  readonly partitionedEvents: boolean;
}

export interface SqlExecutor {
  readonly dialect: Dialect;
  all<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  get<R>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a statement; resolves to the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs several parameterless statements (migration DDL). */
  script(sql: string): Promise<void>;
}

export interface TransactionOptions {
  /** Work nobody waits on (migrations, retention): a store may give its statements a longer
   * bound than a request's (PostgreSQL: PG_BACKGROUND_STATEMENT_TIMEOUT_MS). */
  background?: boolean;
}

/** Runs `fn` inside one transaction on a writer connection. */
export type TransactionRunner = <T>(
  fn: (exec: SqlExecutor) => Promise<T>,
  options?: TransactionOptions,
) => Promise<T>;

/** What the shared store logic is given by a dialect's store: a reader and a transaction runner. */
export interface SqlContext {
  /** Sees only committed data (SQLite: a second connection; PostgreSQL: the pool). */
  read: SqlExecutor;
  transaction: TransactionRunner;
}
