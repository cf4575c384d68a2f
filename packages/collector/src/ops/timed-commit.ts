/** Group commits timed for faultline_commit_duration_seconds, without touching the write queue. */

import { performance } from 'node:perf_hooks';
import type { Commit } from '../ingest-batch.js';

/**
 * @example const commit = timeCommits(createCommit(store), (s, ok) => histogram.observe(s))
 */
export function timeCommits(commit: Commit, onSettled: (seconds: number, ok: boolean) => void): Commit {
  return async (batches) => {
    const startedAt = performance.now();
    try {
      await commit(batches);
    } catch (error) {
      onSettled((performance.now() - startedAt) / 1000, false);
      throw error;
    }
    onSettled((performance.now() - startedAt) / 1000, true);
  };
}
