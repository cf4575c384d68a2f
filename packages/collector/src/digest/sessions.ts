/**
 * Release health (sentry-protocol.md §9): session updates and pre-aggregated sessions become
 * per (project, release, environment, minute) counters, bucketed by the session's `started`.
 *
 * - `started`: sessions begun: an update with `init: true` (the server counts from init and
 *   does not dedupe, §9.1), or every session of an aggregate bucket.
 * - `exited`, `errored`, `crashed`, `abnormal`: how sessions ended. An `exited` update with
 *   `errors > 0` counts as errored, like Sentry; `unhandled` (Relay) counts as errored; `ok` is
 *   not an end and counts nothing. For aggregates, `errored` excludes crashed and abnormal
 *   (§9.2), so the four outcome columns never overlap.
 */

import type { IngestBatch, SessionAggregates, SessionUpdate } from '../ingest-batch.js';
import { MAX_ENVIRONMENT_LENGTH, MAX_RELEASE_LENGTH } from '../limits.js';
import { asProjectId } from '../store/ids.js';
import type { SessionCounts } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';
import { DEFAULT_ENVIRONMENT } from './normalize-event.js';
import { field, text } from './read.js';
import { minuteOf, toMillis } from './timestamp.js';

type Outcome = 'exited' | 'errored' | 'crashed' | 'abnormal';

const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0);

function outcomeOf(update: SessionUpdate): Outcome | undefined {
  switch (text(update.status, 32)?.toLowerCase()) {
    case 'exited':
      return count(update.errors) > 0 ? 'errored' : 'exited';
    case 'errored':
    case 'unhandled':
      return 'errored';
    case 'crashed':
      return 'crashed';
    case 'abnormal':
      return 'abnormal';
    default:
      return undefined;
  }
}

function add(ctx: DigestContext, counts: SessionCounts): void {
  const key = DigestContext.key(counts.projectId, counts.release, counts.environment, counts.minute);
  ctx.sessions.add(key, counts);
}

function bucket(batch: IngestBatch, attrs: SessionUpdate['attrs'], started: unknown) {
  const release = field(attrs, 'release', MAX_RELEASE_LENGTH);
  if (release === undefined) return undefined; // `attrs.release` is required (§9.1)
  return {
    projectId: asProjectId(batch.projectId),
    release,
    environment: field(attrs, 'environment', MAX_ENVIRONMENT_LENGTH) ?? DEFAULT_ENVIRONMENT,
    minute: minuteOf(toMillis(started, batch.receivedAt)),
  };
}

function addUpdate(ctx: DigestContext, batch: IngestBatch, update: SessionUpdate): void {
  const where = bucket(batch, update.attrs, update.started);
  if (where === undefined) return;
  const outcome = outcomeOf(update);
  const counts = {
    ...where,
    started: update.init === true ? 1 : 0,
    exited: 0,
    errored: 0,
    crashed: 0,
    abnormal: 0,
  };
  if (outcome !== undefined) counts[outcome] = 1;
  if (counts.started > 0 || outcome !== undefined) add(ctx, counts);
}

function addAggregates(ctx: DigestContext, batch: IngestBatch, item: SessionAggregates): void {
  if (!Array.isArray(item.aggregates)) return;
  for (const a of item.aggregates) {
    const where = bucket(batch, item.attrs, a?.started);
    if (where === undefined) return;
    const errored = count(a.errored) + count(a.unhandled);
    const outcomes = {
      exited: count(a.exited),
      errored,
      crashed: count(a.crashed),
      abnormal: count(a.abnormal),
    };
    const started = outcomes.exited + outcomes.errored + outcomes.crashed + outcomes.abnormal;
    if (started > 0) add(ctx, { ...where, started, ...outcomes });
  }
}

/**
 * Adds the batch's sessions to the run's counters (written by `DigestContext.flush`).
 * @example digestSessions(ctx, batch)
 */
export function digestSessions(ctx: DigestContext, batch: IngestBatch): void {
  for (const update of batch.sessions) addUpdate(ctx, batch, update);
  for (const item of batch.sessionAggregates) addAggregates(ctx, batch, item);
}
