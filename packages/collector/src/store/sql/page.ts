/** Keyset pagination helpers shared by the issue and event listings. */

import { MAX_STORE_PAGE_SIZE } from '../../limits.js';
import { type CursorPosition, decodeCursor, encodeCursor } from '../cursor.js';
import type { Page } from '../records.js';

/** A page size between 1 and MAX_STORE_PAGE_SIZE. */
export function pageSize(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_STORE_PAGE_SIZE;
  return Math.min(MAX_STORE_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/**
 * The rows after the cursor in a listing ordered by `(column, idColumn)`: the row value
 * `(col, id) < (v, i)` (`>` for an ascending listing). Both engines read a row-value comparison
 * as a range of the `(…, col, id)` index, so a page costs the same at any depth; the equivalent
 * `col < v OR (col = v AND id < i)` is not a range and walked the index from its start.
 */
export function afterCursor(
  column: string,
  idColumn: string,
  cursor: string | undefined,
  order: 'desc' | 'asc' = 'desc',
) {
  if (cursor === undefined || cursor === '') return undefined;
  const at: CursorPosition = decodeCursor(cursor);
  return {
    sql: `(${column}, ${idColumn}) ${order === 'desc' ? '<' : '>'} (?, ?)`,
    params: [at.value, at.id],
  };
}

/** Turns `limit + 1` fetched rows into a page and the cursor of its last row. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
  position: (r: R) => CursorPosition,
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return {
    items: kept.map(map),
    nextCursor: more && last !== undefined ? encodeCursor(position(last)) : null,
  };
}
