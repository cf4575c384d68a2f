/**
 * PostgreSQL's daily event partitions (migration 13): made ahead by the maintenance step, dropped
 * whole by retention. A partition is made by `events_ensure_partition(day)` (the SQL function of
 * migration 13, the one place its layout is written) under an advisory lock, so collectors that
 * run the step at once do not race each other's DDL.
 */

import {
  EVENT_PARTITION_DROP_LOCK_TIMEOUT_MS,
  EVENT_PARTITION_MS,
  EVENT_PARTITIONS_AHEAD_DAYS,
} from '../../limits.js';
import type { EventPartitions } from '../sql/event-partitions.js';
import type { SqlContext, TransactionOptions } from '../sql/executor.js';
import type { Row } from '../sql/rows.js';
import { deleteInSlices } from '../sql/sliced-delete.js';
import { isStoreUnavailable } from '../store-errors.js';

const PARTITION_LOCK = 0x6661_0013;
const BACKGROUND: TransactionOptions = { background: true };
// Only our own daily partitions: the name is put into DDL, and the default partition never goes.
const DAILY_PARTITION = /^events_p\d{8}$/;
const RANGE_BOUND = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/;

// Rows of days that had no partition (received long ago, or before maintenance ever ran).
const OLD_STRAYS =
  'DELETE FROM events_default WHERE (project_id, id) IN ' +
  '(SELECT project_id, id FROM events_default WHERE received_at < ? LIMIT ?)';

const LIST_PARTITIONS =
  'SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i ' +
  "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('events')";

// A foreign key into events (none today) would make a dropped partition take rows it points at.
const REFERENCED =
  'SELECT count(*) AS n FROM pg_constraint WHERE contype = ? AND confrelid IN ' +
  "(SELECT to_regclass('events') UNION SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass('events'))";

/** A daily partition and the range of `received_at` it holds, [from, to). */
export interface DailyPartition {
  name: string;
  from: number;
  to: number;
}

/**
 * The daily partitions of `events` in the current schema, oldest first (not the default one).
 * @example const parts = await listEventPartitions(ctx)
 */
export async function listEventPartitions(ctx: SqlContext): Promise<DailyPartition[]> {
  const rows = await ctx.read.all<Row>(LIST_PARTITIONS);
  const parts: DailyPartition[] = [];
  for (const r of rows) {
    const name = String(r.name);
    const bound = RANGE_BOUND.exec(String(r.bound));
    if (!DAILY_PARTITION.test(name) || bound === null) continue;
    parts.push({ name, from: Number(bound[1]), to: Number(bound[2]) });
  }
  return parts.sort((a, b) => a.from - b.from);
}

/**
 * @example const partitions = postgresEventPartitions(ctx); await partitions.ensure(Date.now())
 */
export function postgresEventPartitions(ctx: SqlContext): EventPartitions {
  return {
    async ensure(now: number) {
      const today = now - (now % EVENT_PARTITION_MS);
      const days = Array.from(
        { length: EVENT_PARTITIONS_AHEAD_DAYS + 1 },
        (_, k) => today + k * EVENT_PARTITION_MS,
      );
      return ctx.transaction(async (exec) => {
        const lock = exec.dialect.advisoryLock(PARTITION_LOCK);
        if (lock !== null) await exec.get(lock);
        const made: string[] = [];
        for (const day of days) {
          const row = await exec.get<Row>('SELECT events_ensure_partition(?) AS made', [day]);
          if (typeof row?.made === 'string') made.push(row.made);
        }
        return made;
      }, BACKGROUND);
    },
    async dropOlderThan(cutoff: number) {
      let dropped = await deleteInSlices(ctx, OLD_STRAYS, [cutoff]);
      const old = (await listEventPartitions(ctx)).filter((p) => p.to <= cutoff);
      if (old.length === 0) return dropped;
      const referenced = await ctx.read.get<Row>(REFERENCED, ['f']);
      if (Number(referenced?.n ?? 0) > 0)
        throw new Error('a foreign key points into events: no partition is dropped');
      for (const p of old) {
        try {
          dropped += await ctx.transaction(async (exec) => {
            await exec.script(`SET LOCAL lock_timeout = ${EVENT_PARTITION_DROP_LOCK_TIMEOUT_MS}`);
            const row = await exec.get<Row>(`SELECT count(*) AS n FROM ${p.name}`);
            await exec.script(`DROP TABLE ${p.name}`);
            return Number(row?.n ?? 0);
          }, BACKGROUND);
        } catch (error) {
          // Long transactions hold `events`: the next pass drops it.
          if (isStoreUnavailable(error) && error.kind === 'timeout') return dropped;
          throw error;
        }
      }
      return dropped;
    },
  };
}
