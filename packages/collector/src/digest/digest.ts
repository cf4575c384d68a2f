/**
 * Digest (house style 8): turns ingest batches into store writes inside one WriteTx:
 * fingerprint and group error events into issues, count, keep thin transaction rows,
 * release-health and discard counters, attachments. Pure logic over WriteTx, the same code
 * for every store, over batches first made storable on both (storable-batch.ts); time comes
 * from the batch (`receivedAt`) or `options.now` (house style 3).
 */

import type { IngestBatch } from '../ingest-batch.js';
import type { WriteTx } from '../store/write-tx.js';
import { digestAttachments } from './attachments.js';
import { DigestContext, type DigestResult } from './digest-context.js';
import { digestDiscards } from './discards.js';
import { digestErrors } from './group-events.js';
import { digestRouteRates } from './route-rates.js';
import { digestSessions } from './sessions.js';
import { storableBatch } from './storable-batch.js';
import { digestTransactions } from './transactions.js';

export type { DigestResult };

export interface DigestOptions {
  /** The server clock for release first-seen times (ms); defaults to each batch's `receivedAt`. */
  now?: number;
}

/**
 * Digests several batches in one transaction (group commit), sharing one DigestContext so
 * each touched issue and counter is written once.
 * @example await store.write((tx) => digestBatches(tx, batches))
 */
export async function digestBatches(
  tx: WriteTx,
  batches: readonly IngestBatch[],
  options: DigestOptions = {},
): Promise<DigestResult> {
  for (const batch of batches) storableBatch(batch);
  const ctx = new DigestContext(tx);
  // Events and transactions of all batches at once: a few statements per table per commit.
  await digestErrors(ctx, batches, options.now);
  await digestTransactions(ctx, batches);
  for (const batch of batches) {
    digestSessions(ctx, batch);
    digestDiscards(ctx, batch);
    digestRouteRates(ctx, batch);
    await digestAttachments(ctx, batch);
  }
  await ctx.flush();
  return ctx.result;
}

/**
 * Digests one batch inside the caller's transaction.
 * @example await store.write((tx) => digest(tx, batch, { now: Date.now() }))
 */
export function digest(tx: WriteTx, batch: IngestBatch, options: DigestOptions = {}): Promise<DigestResult> {
  return digestBatches(tx, [batch], options);
}
