/**
 * Many rows, few statements and one await: on PostgreSQL one multi-row INSERT per chunk (one
 * UPDATE … FROM unnest for an update by key) instead of one statement (and one round trip) per
 * row; on SQLite one prepared single-row statement run once per row, synchronously. Chunks stay
 * under both engines' parameter limits (SQLite 32,766, PostgreSQL 65,535).
 */

import { MAX_PARAMS_PER_STATEMENT } from '../../limits.js';
import type { SqlExecutor } from './executor.js';

export interface MultiRowInsert {
  /** `INSERT INTO t (a, b) VALUES ` */
  head: string;
  columns: number;
  /** ` ON CONFLICT ...`, or '' */
  tail: string;
  /** ` RETURNING …`, appended after the tail (insertRowsReturning). */
  returning?: string;
  /** One row's placeholders when they need PostgreSQL casts (rows selected from a VALUES list
   * take no type from the target columns); default `(?, ?, …)`. */
  tuple?: string;
}

function chunked<T>(rows: readonly T[], perChunk: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += perChunk) out.push(rows.slice(start, start + perChunk));
  return out;
}

/**
 * Runs `statement` for `rows`: PostgreSQL gets one multi-row statement per chunk, SQLite the
 * single-row statement once per row (Dialect.multiRowInsert). The statements are all issued
 * before the first is awaited: one await for the lot, and one pipelined round trip on a
 * PostgreSQL client in pipeline mode. Resolves to what `each` made of each statement, in order.
 */
function runChunks<T>(
  exec: SqlExecutor,
  statement: MultiRowInsert,
  rows: readonly (readonly unknown[])[],
  each: (sql: string, params: unknown[]) => Promise<T>,
): Promise<T[]> {
  if (rows.length === 0) return Promise.resolve([]);
  const tuple = statement.tuple ?? `(${new Array(statement.columns).fill('?').join(', ')})`;
  const tail = `${statement.tail}${statement.returning ?? ''}`;
  if (!exec.dialect.multiRowInsert) {
    const sql = `${statement.head}${tuple}${tail}`;
    return Promise.all(rows.map((row) => each(sql, row as unknown[])));
  }
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS_PER_STATEMENT / statement.columns));
  return Promise.all(
    chunked(rows, perChunk).map((chunk) =>
      each(`${statement.head}${new Array(chunk.length).fill(tuple).join(', ')}${tail}`, chunk.flat()),
    ),
  );
}

/**
 * Inserts (or upserts) `rows`; resolves to the number of rows changed.
 * @example await insertRows(exec, { head: 'INSERT INTO t (a, b) VALUES ', columns: 2, tail: '' }, [[1, 2], [3, 4]])
 */
export async function insertRows(
  exec: SqlExecutor,
  statement: MultiRowInsert,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  const changed = await runChunks(exec, statement, rows, (sql, params) => exec.run(sql, params));
  return changed.reduce((sum, n) => sum + n, 0);
}

/**
 * Inserts `rows` and resolves to the rows `statement.returning` returned (with ON CONFLICT DO
 * NOTHING: one per row actually inserted). Their order is not promised: match them by columns.
 * @example await insertRowsReturning(exec, { ...INSERT_EVENTS, returning: ' RETURNING event_id' }, rows)
 */
export async function insertRowsReturning<R>(
  exec: SqlExecutor,
  statement: MultiRowInsert & { returning: string },
  rows: readonly (readonly unknown[])[],
): Promise<R[]> {
  return (await runChunks(exec, statement, rows, (sql, params) => exec.all<R>(sql, params))).flat();
}

/**
 * An UPDATE of many rows of one table by key: the key column first, then the columns set, each
 * with its PostgreSQL type (the arrays `unnest` reads are typed by a cast).
 * @example const SET_TITLES: MultiRowUpdate = { table: 'issues', key: { name: 'id', type: 'integer' }, columns: [{ name: 'title', type: 'text' }] };
 */
export interface MultiRowUpdate {
  table: string;
  key: { name: string; type: string };
  columns: readonly { name: string; type: string }[];
}

/**
 * Sets `columns` of the rows of `table` whose key is each row's first value. PostgreSQL: ONE
 * statement for all rows, whose text does not depend on their number (`UPDATE … FROM unnest(…)`:
 * one typed array per column); SQLite: the single-row UPDATE once per row (Dialect.multiRowInsert).
 * The rows must exist and be locked by the transaction already (the join locks in no set order),
 * and their keys be distinct.
 * @example await updateRows(exec, { table: 'issues', key: { name: 'id', type: 'integer' }, columns: [{ name: 'title', type: 'text' }] }, [[1, 'a']])
 */
export async function updateRows(
  exec: SqlExecutor,
  statement: MultiRowUpdate,
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const { table, key, columns } = statement;
  if (!exec.dialect.multiRowInsert) {
    const sql = `UPDATE ${table} SET ${columns.map((c) => `${c.name} = ?`).join(', ')} WHERE ${key.name} = ?`;
    await Promise.all(rows.map(([id, ...values]) => exec.run(sql, [...values, id])));
    return;
  }
  const all = [key, ...columns];
  const sql =
    `UPDATE ${table} AS t SET ${columns.map((c) => `${c.name} = v.${c.name}`).join(', ')} ` +
    `FROM unnest(${all.map((c) => `?::${c.type}[]`).join(', ')}) AS v(${all.map((c) => c.name).join(', ')}) ` +
    `WHERE t.${key.name} = v.${key.name}`;
  await exec.run(
    sql,
    all.map((_, i) => rows.map((row) => row[i] ?? null)),
  );
}
