/**
 * Retention (issue 4 §3): events older than N days and beyond M per issue are deleted; issues,
 * their counts, tags and users remain. Deletes run in slices of RETENTION_BATCH_ROWS, each in
 * its own transaction, so ingest's writer is never held for a whole purge. Where events are
 * partitioned by day (PostgreSQL), retention by age is day-granular: a day's partition is
 * dropped whole once all of it is older than `olderThan` (an event stays at most one day past
 * it), so the pass costs the same however many events the table holds; only strays in the
 * default partition are deleted row by row (EventPartitions.dropOlderThan).
 */

import { ISSUE_HOURLY_COUNTS_KEEP_MS } from '../../limits.js';
import type { RetentionPolicy } from '../queries.js';
import type { EventPartitions } from './event-partitions.js';
import type { SqlContext, TransactionOptions } from './executor.js';
import { deleteInSlices } from './sliced-delete.js';

const OLD_EVENTS = 'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < ? LIMIT ?)';

// Ranked newest first per issue, the same order listEvents shows.
const RANKED =
  '(SELECT project_id, id, ROW_NUMBER() OVER (PARTITION BY issue_id ORDER BY timestamp DESC, id DESC) AS rn FROM events) ranked';
const EXCESS_EVENTS = `DELETE FROM events WHERE id IN (SELECT id FROM ${RANKED} WHERE rn > ? LIMIT ?)`;
const EXCESS_EVENTS_PARTITIONED = `DELETE FROM events WHERE (project_id, id) IN (SELECT project_id, id FROM ${RANKED} WHERE rn > ? LIMIT ?)`;

// Sliced like events: a collector stopped for weeks has many hours to drop at once.
const OLD_HOURLY_COUNTS =
  'DELETE FROM issue_hourly_counts WHERE (issue_id, hour) IN ' +
  '(SELECT issue_id, hour FROM issue_hourly_counts WHERE hour < ? LIMIT ?)';

// Sampled occurrences go with the events' retention by age (they answer the same lookups).
const OLD_SAMPLED =
  'DELETE FROM sampled_occurrences WHERE (project_id, id) IN ' +
  '(SELECT project_id, id FROM sampled_occurrences WHERE received_at < ? LIMIT ?)';

// An attachment is kept only with its event.
const ORPHAN_ATTACHMENTS =
  'DELETE FROM attachments WHERE received_at < ? OR NOT EXISTS (SELECT 1 FROM events e ' +
  'WHERE e.project_id = attachments.project_id AND e.event_id = attachments.event_id)';

// Nobody waits for retention, and one slice scans a large table: the long statement bound.
const BACKGROUND: TransactionOptions = { background: true };

/**
 * The retention operation of a SQL store; `partitions` where its events are partitioned.
 * @example const { deleteEvents } = retentionSql(ctx, postgresEventPartitions(ctx))
 */
export function retentionSql(ctx: SqlContext, partitions?: EventPartitions) {
  const partitioned = ctx.read.dialect.partitionedEvents;
  return {
    async deleteEvents(policy: RetentionPolicy): Promise<number> {
      const sliced = (sql: string, params: unknown[]) => deleteInSlices(ctx, sql, params, policy.signal);
      let deleted = 0;
      if (policy.olderThan !== undefined) {
        deleted +=
          partitions === undefined
            ? await sliced(OLD_EVENTS, [policy.olderThan])
            : await partitions.dropOlderThan(policy.olderThan);
      }
      if (policy.maxPerIssue !== undefined) {
        const excess = partitioned ? EXCESS_EVENTS_PARTITIONED : EXCESS_EVENTS;
        deleted += await sliced(excess, [Math.max(0, Math.trunc(policy.maxPerIssue))]);
      }
      // Kept by their own window, not the events': they are what stays exact after events go.
      await sliced(OLD_HOURLY_COUNTS, [(policy.now ?? Date.now()) - ISSUE_HOURLY_COUNTS_KEEP_MS]);
      if (policy.olderThan !== undefined) await sliced(OLD_SAMPLED, [policy.olderThan]);
      const cutoff = policy.olderThan ?? Number.MIN_SAFE_INTEGER;
      policy.signal?.throwIfAborted();
      await ctx.transaction(async (exec) => {
        await exec.run(ORPHAN_ATTACHMENTS, [cutoff]);
        if (policy.olderThan === undefined) return;
        await exec.run('DELETE FROM transactions WHERE received_at < ?', [cutoff]);
        await exec.run('DELETE FROM session_counts WHERE minute < ?', [cutoff]);
        await exec.run('DELETE FROM discard_counts WHERE minute < ?', [cutoff]);
        await exec.run('DELETE FROM route_counts WHERE minute < ?', [cutoff]);
        await exec.run('DELETE FROM issue_regressions WHERE at < ?', [cutoff]);
        await exec.run('DELETE FROM gate_verdicts WHERE at < ?', [cutoff]);
      }, BACKGROUND);
      return deleted;
    },
  };
}
