/** An issue's snooze as its columns (migration 18), written by digest and by a status change. */

import type { IssueSnooze, SnoozeCondition } from '../records.js';

/** The stored name of a condition's kind. */
export type SnoozeKind = 'minutes' | 'count' | 'users' | 'escalating';

/**
 * The kind and N of a condition (N is 1 for `escalating`, which has none).
 * @example snoozeKindOf({ count: 10 }) // { kind: 'count', value: 10 }
 */
export function snoozeKindOf(condition: SnoozeCondition): { kind: SnoozeKind; value: number } {
  if ('minutes' in condition) return { kind: 'minutes', value: condition.minutes };
  if ('count' in condition) return { kind: 'count', value: condition.count };
  if ('users' in condition) return { kind: 'users', value: condition.users };
  return { kind: 'escalating', value: 1 };
}

/**
 * Column → value for a snooze, or for none (all NULL).
 * @example snoozeColumns(null) // { snooze_kind: null, … }
 */
export function snoozeColumns(snooze: IssueSnooze | null): Record<string, string | number | null> {
  if (snooze === null)
    return { snooze_kind: null, snooze_value: null, snooze_threshold: null, snoozed_at: null };
  const { kind, value } = snoozeKindOf(snooze.condition);
  return {
    snooze_kind: kind,
    snooze_value: value,
    snooze_threshold: snooze.threshold,
    snoozed_at: snooze.since,
  };
}
