/**
 * The SET clause of a status change for an issue's snooze (migration 18). The threshold is
 * absolute and taken from the row itself in the same statement: "N more events" is the count the
 * issue has when the statement runs, plus N, whatever digest committed just before.
 */

import { MINUTE_MS } from '@faultline/core';
import type { SnoozeCondition } from '../records.js';
import { snoozeKindOf } from './snooze-columns.js';

/**
 * `snooze_… = …` for `condition` set at `now`, or all NULL when there is none.
 * @example snoozeSet({ count: 10 }, Date.now()) // { sql: 'snooze_kind = ?, …, snooze_threshold = times_seen + ?', params }
 */
export function snoozeSet(
  condition: SnoozeCondition | undefined,
  now: number,
): { sql: string; params: unknown[] } {
  if (condition === undefined)
    return {
      sql: 'snooze_kind = NULL, snooze_value = NULL, snooze_threshold = NULL, snoozed_at = NULL',
      params: [],
    };
  const { kind, value } = snoozeKindOf(condition);
  const threshold =
    kind === 'minutes'
      ? { sql: '?', params: [now + value * MINUTE_MS] }
      : kind === 'count'
        ? { sql: 'times_seen + ?', params: [value] }
        : kind === 'users'
          ? { sql: 'users_count + ?', params: [value] }
          : { sql: 'NULL', params: [] };
  return {
    sql: `snooze_kind = ?, snooze_value = ?, snoozed_at = ?, snooze_threshold = ${threshold.sql}`,
    params: [kind, value, now, ...threshold.params],
  };
}
