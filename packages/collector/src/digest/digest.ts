/**
 * Digest (house style 8): turns ingest batches into store writes inside one WriteTx. The
 * batches are first made storable on both stores (storable-batch.ts), then each event is read
 * once into its typed shape (normalize-run.ts), the project's fingerprint rules applied; from those, digest fingerprints and groups
 * error events into issues, counts, keeps thin transaction rows, release-health and discard
 * counters, and attachments, and evaluates the alert rules of the issues it touched (writing
 * what fires to the outbox). Pure logic over WriteTx, the same code for every store; time
 * comes from the batch (`receivedAt`) or `options.now` (house style 3).
 */

import { evaluateIssueAlerts } from '../alerts/evaluate/evaluate-issues.js';
import type { IngestBatch } from '../ingest-batch.js';
import { asProjectId } from '../store/ids.js';
import type { WriteTx } from '../store/write-tx.js';
import { alertTouches } from './alert-touches.js';
import { digestAttachments } from './attachments.js';
import { DigestContext, type DigestResult } from './digest-context.js';
import { digestDiscards } from './discards.js';
import { digestErrors } from './group-events.js';
import { normalizeRun } from './normalize-run.js';
import { digestRouteRates } from './route-rates.js';
import { digestSampled } from './sampled.js';
import { digestSessions } from './sessions.js';
import { storableBatch } from './storable-batch.js';
import { digestTransactions } from './transactions.js';

export type { DigestResult };

export interface DigestOptions {
  /** The server clock for release first-seen times and alert rules (ms); defaults to each
   * batch's `receivedAt` (alert rules: the latest one). */
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
  // Read before any event: a commit of a project without rules costs no query (the store caches).
  const withEvents = [
    ...new Set(batches.filter((b) => b.events.length > 0).map((b) => asProjectId(b.projectId))),
  ];
  const rules = withEvents.length === 0 ? undefined : await tx.fingerprintRules(withEvents);
  const run = normalizeRun(batches, options.now, rules);
  const ctx = new DigestContext(tx);
  // Events and transactions of all batches at once: a few statements per table per commit.
  await digestErrors(ctx, run.errors);
  await digestTransactions(ctx, run.transactions);
  // After the events: an occurrence like an event of the same commit is counted on its issue.
  await digestSampled(ctx, batches);
  for (const batch of batches) {
    digestSessions(ctx, batch);
    digestDiscards(ctx, batch);
    digestRouteRates(ctx, batch);
    await digestAttachments(ctx, batch);
  }
  await ctx.flush();
  // In the same transaction: an alert is written if and only if its events are (issue 14 §3).
  if (ctx.touched.size > 0) {
    const now = options.now ?? Math.max(...batches.map((b) => b.receivedAt));
    ctx.result.alertNotifications = await evaluateIssueAlerts(tx, alertTouches(ctx), now);
  }
  return ctx.result;
}

/**
 * Digests one batch inside the caller's transaction.
 * @example await store.write((tx) => digest(tx, batch, { now: Date.now() }))
 */
export function digest(tx: WriteTx, batch: IngestBatch, options: DigestOptions = {}): Promise<DigestResult> {
  return digestBatches(tx, [batch], options);
}
