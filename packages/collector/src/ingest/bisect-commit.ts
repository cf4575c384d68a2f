/**
 * One request's data must never fail another's (defence in depth behind
 * digest/storable-batch.ts). A group commit is all or nothing, so when it fails for a reason
 * other than the store being unavailable, the group is committed again in halves, and halves
 * of the failing halves, until every batch is committed or known to fail on its own: then
 * only that batch is refused, with the store's reason when the failure is its data.
 *
 * - The store unavailable (StoreUnavailableError): every batch not committed yet fails at
 *   once. Bisecting would multiply the load on a store that is down.
 * - Order: parts are committed one after another, left to right, so batches keep their order.
 * - Bound: at most `maxExtraCommits` commits after the first; what is left then fails, with
 *   the error of the part it was in.
 */

import { contentErrorReason } from '../store/content-errors.js';
import { isStoreUnavailable, type StoreUnavailableError } from '../store/store-errors.js';

/** How a part of the group ended. */
export type BisectOutcome =
  | { kind: 'committed' }
  /** This one batch's data makes the commit fail: `reason` names the engine's code. */
  | { kind: 'refused'; reason: string }
  /** Failed for a reason not tied to its data (or the bisect budget was spent). */
  | { kind: 'failed'; error: unknown }
  | { kind: 'unavailable'; error: StoreUnavailableError };

export interface BisectOptions {
  maxExtraCommits: number;
  /** True once the caller gave up on the group (its timeout): no further commit starts. */
  stopped(): boolean;
}

/**
 * Commits `items` (in one call if it succeeds), calling `settle` once for every item, in order
 * of the parts; resolves when all are settled or the caller stopped. Never rejects.
 * @example await bisectCommit(entries, (part) => commit(part.map((e) => e.batch)), answer, { maxExtraCommits: 64, stopped: () => false })
 */
export async function bisectCommit<T>(
  items: readonly T[],
  commit: (part: readonly T[]) => Promise<void>,
  settle: (part: readonly T[], outcome: BisectOutcome) => void,
  options: BisectOptions,
): Promise<void> {
  // Depth first, left to right: the front part is committed next.
  const work: { part: readonly T[]; cause?: unknown }[] = [{ part: items }];
  let extra = -1;
  for (let next = work.shift(); next !== undefined; next = work.shift()) {
    const { part, cause } = next;
    if (options.stopped()) return;
    if (extra >= options.maxExtraCommits) {
      settle(part, { kind: 'failed', error: cause });
      continue;
    }
    extra++;
    let error: unknown;
    try {
      await commit(part);
    } catch (e) {
      error = e ?? new Error('commit failed');
    }
    if (options.stopped()) return;
    if (error === undefined) settle(part, { kind: 'committed' });
    else if (isStoreUnavailable(error)) {
      settle([...part, ...work.flatMap((w) => w.part)], { kind: 'unavailable', error });
      return;
    } else if (part.length === 1) {
      const reason = contentErrorReason(error);
      settle(part, reason === undefined ? { kind: 'failed', error } : { kind: 'refused', reason });
    } else {
      const half = Math.ceil(part.length / 2);
      work.unshift({ part: part.slice(0, half), cause: error }, { part: part.slice(half), cause: error });
    }
  }
}
