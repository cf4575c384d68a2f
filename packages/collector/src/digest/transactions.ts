/**
 * Transactions keep a thin row for trace views, nothing more (issue 4 §1; sentry-protocol.md
 * §4.6): trace/span/parent ids, name, op, status, HTTP status, duration, release,
 * environment, service. Spans are not stored.
 */

import type { IngestEvent } from '../ingest-batch.js';
import { MAX_NAME_LENGTH } from '../limits.js';
import type { ProjectId } from '../store/ids.js';
import type { TransactionRow } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';
import { eventBasics } from './normalize-event.js';
import { field, obj } from './read.js';
import { type TagPair, tagValue } from './tags.js';
import { toMillis } from './timestamp.js';

function httpStatus(item: IngestEvent, tags: readonly TagPair[]): number | null {
  const fromContext = obj(obj(item.event, 'contexts'), 'response')?.status_code;
  const raw = typeof fromContext === 'number' ? fromContext : Number(tagValue(tags, 'http.status_code'));
  return Number.isInteger(raw) && raw >= 100 && raw <= 999 ? raw : null;
}

/**
 * A transaction read once into its thin row: the fields every event has (`eventBasics`), then
 * its op, status, HTTP status and duration.
 * @example transactionRow(item, projectId, receivedAt) // { name: 'GET /users/:id', durationMs: 12.5, … }
 */
export function transactionRow(item: IngestEvent, projectId: ProjectId, receivedAt: number): TransactionRow {
  const b = eventBasics(item, receivedAt);
  const trace = obj(obj(b.event, 'contexts'), 'trace');
  const start = toMillis(b.event.start_timestamp, Number.NaN);
  const duration = Number.isFinite(start) && b.timestamp >= start ? b.timestamp - start : null;
  return {
    projectId,
    eventId: b.eventId,
    traceId: b.traceId,
    spanId: b.spanId,
    parentSpanId: b.parentSpanId,
    name: b.transaction,
    op: field(trace, 'op', MAX_NAME_LENGTH) ?? null,
    status: field(trace, 'status', MAX_NAME_LENGTH) ?? null,
    httpStatus: httpStatus(item, b.tags),
    durationMs: duration,
    timestamp: b.timestamp,
    receivedAt,
    release: b.release,
    environment: b.environment,
    service: b.service,
  };
}

/**
 * Stores the run's transactions in one statement (idempotent on event id: a transaction
 * already stored, or met earlier in the run, is not stored or counted again).
 * @example await digestTransactions(ctx, run.transactions)
 */
export async function digestTransactions(
  ctx: DigestContext,
  transactions: readonly TransactionRow[],
): Promise<void> {
  const rows = new Map<string, TransactionRow>();
  for (const row of transactions) {
    const key = DigestContext.key(row.projectId, row.eventId);
    if (!rows.has(key)) rows.set(key, row);
  }
  if (rows.size > 0) ctx.result.transactions += await ctx.tx.insertTransactions([...rows.values()]);
}
