/**
 * The first step of digest: every error event and transaction of a group commit's batches read
 * once into its typed shape (normalize-event.ts, transactions.ts). Grouping, counting and
 * storing then work on these, never on the raw payload again.
 */

import type { FingerprintRule } from '../fingerprint-rules/rule-types.js';
import type { IngestBatch } from '../ingest-batch.js';
import { asProjectId, type ProjectId } from '../store/ids.js';
import type { TransactionRow } from '../store/write-tx.js';
import type { FreshEvent } from './issue-lookup.js';
import { normalizeEvent } from './normalize-event.js';
import { transactionRow } from './transactions.js';

/** A group commit's events, normalized, in batch order. */
export interface NormalizedRun {
  /** Error events with where and when they arrived (duplicates not removed yet). */
  errors: FreshEvent[];
  transactions: TransactionRow[];
}

/**
 * @param now digest's clock (release first-seen, regressions); each batch's receivedAt without it
 * @param rules each project's fingerprint rules (tx.fingerprintRules), absent for none
 * @example const run = normalizeRun(batches); run.errors[0]?.e.fingerprint
 */
export function normalizeRun(
  batches: readonly IngestBatch[],
  now?: number,
  rules: ReadonlyMap<ProjectId, readonly FingerprintRule[]> = new Map(),
): NormalizedRun {
  const run: NormalizedRun = { errors: [], transactions: [] };
  for (const batch of batches) {
    const projectId = asProjectId(batch.projectId);
    const { receivedAt } = batch;
    const projectRules = rules.get(projectId);
    for (const item of batch.events)
      run.errors.push({
        projectId,
        receivedAt,
        now: now ?? receivedAt,
        e: normalizeEvent(item, receivedAt, projectRules),
      });
    for (const item of batch.transactions) run.transactions.push(transactionRow(item, projectId, receivedAt));
  }
  return run;
}
