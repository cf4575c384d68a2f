/** A rule's filters against an event (issue 14 §1 "filters"); pure. */

import { ALERT_LEVELS, type AlertFilters, type AlertLevel } from '../rules/rule-types.js';
import type { AlertEvent } from './alert-subject.js';

/** The first filter an event fails, what it wanted and what the event had. */
export interface FilterMiss {
  filter: keyof AlertFilters;
  expected: string;
  actual: string | null;
}

/** Severity rank: 0 for fatal; an unknown level counts as error (digest's default). */
const rank = (level: string): number => {
  const i = ALERT_LEVELS.indexOf(level as AlertLevel);
  return i < 0 ? ALERT_LEVELS.indexOf('error') : i;
};

const tagOf = (e: AlertEvent, key: string): string | null => e.tags.find(([k]) => k === key)?.[1] ?? null;

/**
 * @example filterMiss({ environment: 'production' }, event) // undefined, or { filter: 'environment', … }
 */
export function filterMiss(filters: AlertFilters, e: AlertEvent): FilterMiss | undefined {
  if (filters.environment !== undefined && filters.environment !== e.environment)
    return { filter: 'environment', expected: filters.environment, actual: e.environment };
  if (filters.release !== undefined && filters.release !== e.release)
    return { filter: 'release', expected: filters.release, actual: e.release };
  if (filters.route !== undefined && filters.route !== e.route && filters.route !== e.transaction)
    return { filter: 'route', expected: filters.route, actual: e.route ?? e.transaction };
  if (filters.level !== undefined && rank(e.level) > rank(filters.level))
    return { filter: 'level', expected: `${filters.level} or worse`, actual: e.level };
  if (filters.category !== undefined && filters.category !== e.category)
    return { filter: 'category', expected: filters.category, actual: e.category };
  for (const { key, value } of filters.tags ?? []) {
    const actual = tagOf(e, key);
    if (actual !== value)
      return {
        filter: 'tags',
        expected: `${key}=${value}`,
        actual: actual === null ? null : `${key}=${actual}`,
      };
  }
  return undefined;
}

/** The newest event that passes every filter, or the newest event's first miss. */
export type FilterResult = { event: AlertEvent; miss?: undefined } | { event: AlertEvent; miss: FilterMiss };

/**
 * @param events oldest first, at least one
 * @example const { event, miss } = matchEvents(rule.filters, touch.events)
 */
export function matchEvents(filters: AlertFilters, events: readonly AlertEvent[]): FilterResult {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as AlertEvent;
    if (filterMiss(filters, event) === undefined) return { event };
  }
  const newest = events[events.length - 1] as AlertEvent;
  return { event: newest, miss: filterMiss(filters, newest) as FilterMiss };
}
