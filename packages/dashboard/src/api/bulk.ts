/**
 * Bulk resolve/ignore: the read API changes one issue per PATCH, so a bulk action is several
 * requests, BULK_CONCURRENCY at a time; each failure is kept with its issue, the rest go on.
 */

export interface BulkResult {
  done: number[];
  failed: { id: number; error: unknown }[];
}

/**
 * @example await runBulk([1, 2, 3], (id) => api.updateIssue(id, 'resolved'), 4)
 */
export async function runBulk(
  ids: readonly number[],
  task: (id: number) => Promise<unknown>,
  concurrency: number,
): Promise<BulkResult> {
  const result: BulkResult = { done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as number;
      try {
        await task(id);
        result.done.push(id);
      } catch (error) {
        result.failed.push({ id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
  return result;
}
