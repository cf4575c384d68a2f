/**
 * A purge in slices of RETENTION_BATCH_ROWS, each in its own transaction, so the writer is never
 * held for a whole purge. Nobody waits for one, and a slice may scan a large table: the
 * background statement bound.
 */

import { RETENTION_BATCH_ROWS } from '../../limits.js';
import type { SqlContext, TransactionOptions } from './executor.js';

const BACKGROUND: TransactionOptions = { background: true };

/**
 * Runs `sql` (a DELETE whose last parameter is the slice size) until a slice deletes fewer
 * rows; resolves to the rows deleted. An aborted `signal` stops it before the next slice (throws
 * its reason).
 * @example await deleteInSlices(ctx, 'DELETE FROM t WHERE id IN (SELECT id FROM t WHERE at < ? LIMIT ?)', [cutoff])
 */
export async function deleteInSlices(
  ctx: SqlContext,
  sql: string,
  params: readonly unknown[],
  signal?: AbortSignal,
): Promise<number> {
  let total = 0;
  for (;;) {
    signal?.throwIfAborted();
    const n = await ctx.transaction((exec) => exec.run(sql, [...params, RETENTION_BATCH_ROWS]), BACKGROUND);
    total += n;
    if (n < RETENTION_BATCH_ROWS) return total;
  }
}
