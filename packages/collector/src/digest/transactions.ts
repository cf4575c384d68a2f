/**
 * Transactions keep a thin row for trace views, nothing more (issue 4 §1; sentry-protocol.md
 * §4.6): trace/span/parent ids, name, op, status, HTTP status, duration, release,
 * environment, service. Spans are not stored.
 */

import type { IngestBatch, IngestEvent } from '../ingest-batch.js';
import { MAX_ENVIRONMENT_LENGTH, MAX_NAME_LENGTH, MAX_RELEASE_LENGTH } from '../limits.js';
import { asEventId, asProjectId } from '../store/ids.js';
import type { TransactionRow } from '../store/write-tx.js';
import { serviceOf, traceOf } from './context.js';
import { DigestContext } from './digest-context.js';
import { DEFAULT_ENVIRONMENT } from './normalize-event.js';
import { field, obj } from './read.js';
import { eventTags, tagValue } from './tags.js';
import { eventTime, toMillis } from './timestamp.js';

function httpStatus(item: IngestEvent, tags: ReturnType<typeof eventTags>): number | null {
  const fromContext = obj(obj(item.event, 'contexts'), 'response')?.status_code;
  const raw = typeof fromContext === 'number' ? fromContext : Number(tagValue(tags, 'http.status_code'));
  return Number.isInteger(raw) && raw >= 100 && raw <= 999 ? raw : null;
}

/**
 * @example transactionRow(item, batch) // { name: 'GET /users/:id', durationMs: 12.5, … }
 */
export function transactionRow(item: IngestEvent, batch: IngestBatch): TransactionRow {
  const event = item.event;
  const tags = eventTags(event);
  const trace = obj(obj(event, 'contexts'), 'trace');
  const end = eventTime(event.timestamp, batch.receivedAt);
  const start = toMillis(event.start_timestamp, Number.NaN);
  const duration = Number.isFinite(start) && end >= start ? end - start : null;
  return {
    projectId: asProjectId(batch.projectId),
    eventId: asEventId(item.eventId),
    ...traceOf(event, item.dsc),
    name: field(event, 'transaction', MAX_NAME_LENGTH) ?? null,
    op: field(trace, 'op', MAX_NAME_LENGTH) ?? null,
    status: field(trace, 'status', MAX_NAME_LENGTH) ?? null,
    httpStatus: httpStatus(item, tags),
    durationMs: duration,
    timestamp: end,
    receivedAt: batch.receivedAt,
    release: field(event, 'release', MAX_RELEASE_LENGTH) ?? null,
    environment: field(event, 'environment', MAX_ENVIRONMENT_LENGTH) ?? DEFAULT_ENVIRONMENT,
    service: serviceOf(event, tags),
  };
}

/**
 * Stores the batches' transactions in one statement (idempotent on event id: a transaction
 * already stored, or met earlier in the run, is not stored or counted again).
 * @example await digestTransactions(ctx, batches)
 */
export async function digestTransactions(ctx: DigestContext, batches: readonly IngestBatch[]): Promise<void> {
  const rows = new Map<string, TransactionRow>();
  for (const batch of batches)
    for (const item of batch.transactions) {
      const row = transactionRow(item, batch);
      const key = DigestContext.key(row.projectId, row.eventId);
      if (!rows.has(key)) rows.set(key, row);
    }
  if (rows.size > 0) ctx.result.transactions += await ctx.tx.insertTransactions([...rows.values()]);
}
