/**
 * Discarded-item counters (sentry-protocol.md §10): what SDKs report they dropped (client
 * reports, source `client`) and what this collector accepted but did not keep (the batch's
 * `dropped`, source `collector`, category `item`), per (project, minute, reason, category).
 */

import type { ClientReport, IngestBatch } from '../ingest-batch.js';
import { MAX_TAG_VALUE_LENGTH } from '../limits.js';
import { asProjectId, type ProjectId } from '../store/ids.js';
import type { DiscardCounts } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';
import { field } from './read.js';
import { minuteOf, toMillis } from './timestamp.js';

/** The category of the collector's own drops, which the batch records by reason only. */
export const COLLECTOR_DROP_CATEGORY = 'item';

function add(ctx: DigestContext, counts: DiscardCounts): void {
  if (!Number.isFinite(counts.quantity) || counts.quantity <= 0) return;
  counts.quantity = Math.trunc(counts.quantity);
  const key = DigestContext.key(
    counts.projectId,
    counts.minute,
    counts.source,
    counts.reason,
    counts.category,
  );
  ctx.discards.add(key, counts);
}

function addReport(ctx: DigestContext, batch: IngestBatch, report: ClientReport): void {
  const minute = minuteOf(toMillis(report.timestamp, batch.receivedAt));
  const entries = Array.isArray(report.discarded_events) ? report.discarded_events : [];
  for (const entry of entries) {
    const reason = field(entry, 'reason', MAX_TAG_VALUE_LENGTH);
    const category = field(entry, 'category', MAX_TAG_VALUE_LENGTH);
    if (reason === undefined || category === undefined) continue;
    const quantity = typeof entry.quantity === 'number' ? entry.quantity : 0;
    add(ctx, {
      projectId: asProjectId(batch.projectId),
      minute,
      source: 'client',
      reason,
      category,
      quantity,
    });
  }
}

/**
 * Counts `quantity` items of `category` this collector accepted and did not keep, for `reason`.
 * @example addCollectorDiscard(ctx, { projectId, at: receivedAt, reason: 'discarded_issue', category: 'error' })
 */
export function addCollectorDiscard(
  ctx: DigestContext,
  d: { projectId: ProjectId; at: number; reason: string; category: string; quantity?: number },
): void {
  add(ctx, {
    projectId: d.projectId,
    minute: minuteOf(d.at),
    source: 'collector',
    reason: d.reason,
    category: d.category,
    quantity: d.quantity ?? 1,
  });
}

/**
 * @example digestDiscards(ctx, batch)
 */
export function digestDiscards(ctx: DigestContext, batch: IngestBatch): void {
  for (const report of batch.clientReports) addReport(ctx, batch, report);
  const minute = minuteOf(batch.receivedAt);
  for (const [reason, quantity] of Object.entries(batch.dropped ?? {})) {
    add(ctx, {
      projectId: asProjectId(batch.projectId),
      minute,
      source: 'collector',
      reason: reason.slice(0, MAX_TAG_VALUE_LENGTH),
      category: COLLECTOR_DROP_CATEGORY,
      quantity,
    });
  }
}
