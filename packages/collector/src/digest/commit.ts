/**
 * The Commit ingest awaits before answering 200 (ARCHITECTURE.md "Durability promise"): all
 * batches handed over together are digested in ONE store transaction, so N requests pay one
 * commit (one fsync on SQLite). All or nothing: if any batch fails, none is stored and every
 * request of the group sees the error (ingest answers them with a retryable status).
 */

import type { Commit } from '../ingest-batch.js';
import type { Store } from '../store/store.js';
import { type DigestResult, digestBatches } from './digest.js';

export interface CommitOptions {
  /** Called after each successful commit with what was digested (alerts hook in here). */
  onCommitted?: (result: DigestResult) => void;
}

/**
 * @example
 * const commit = createCommit(store);
 * await commit([batchA, batchB]); // one transaction
 */
export function createCommit(store: Store, options: CommitOptions = {}): Commit {
  return async (batches) => {
    if (batches.length === 0) return;
    const result = await store.write((tx) => digestBatches(tx, batches));
    options.onCommitted?.(result);
  };
}
