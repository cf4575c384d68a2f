/** `filters` of a rule (issue 14 §1): environment, release, route, level, category, tags. */

import type { ErrorCategory } from '@faultline/core';
import { MAX_ALERT_FILTER_VALUE_LENGTH, MAX_ALERT_TAG_FILTERS, MAX_TAG_KEY_LENGTH } from '../../limits.js';
import { AlertRuleError } from './alert-rule-error.js';
import { listAt, objectAt, textAt } from './json-fields.js';
import { ALERT_LEVELS, type AlertFilters, type AlertLevel } from './rule-types.js';

/** The categories `@faultline/server` tags events with: core's classification, and `crash` for a
 * process that died. A Record, so a category core adds does not compile until it is listed. */
const CATEGORIES: Record<ErrorCategory | 'crash', true> = {
  client: true,
  bug: true,
  dependency: true,
  timeout: true,
  overload: true,
  'missing-resource': true,
  config: true,
  unknown: true,
  crash: true,
};

const value = (v: unknown, path: string) => textAt(v, path, MAX_ALERT_FILTER_VALUE_LENGTH);

function tagFilter(v: unknown, path: string): { key: string; value: string } {
  const text = textAt(v, path, MAX_TAG_KEY_LENGTH + 1 + MAX_ALERT_FILTER_VALUE_LENGTH);
  const at = text.indexOf('=');
  const key = at < 0 ? '' : text.slice(0, at).trim();
  const tagValue = at < 0 ? '' : text.slice(at + 1).trim();
  if (
    key === '' ||
    tagValue === '' ||
    key.length > MAX_TAG_KEY_LENGTH ||
    tagValue.length > MAX_ALERT_FILTER_VALUE_LENGTH
  )
    throw new AlertRuleError(
      path,
      `${path} is "key=value" (a key of 1-${MAX_TAG_KEY_LENGTH} and a value of 1-${MAX_ALERT_FILTER_VALUE_LENGTH} characters)`,
    );
  return { key, value: tagValue };
}

/**
 * @example parseFilters({ environment: 'production', tags: ['customer=acme'] })
 */
export function parseFilters(input: unknown): AlertFilters {
  if (input === undefined || input === null) return {};
  const o = objectAt(input, 'filters', ['environment', 'release', 'route', 'level', 'category', 'tags']);
  const filters: AlertFilters = {};
  if (o.environment !== undefined) filters.environment = value(o.environment, 'filters.environment');
  if (o.release !== undefined) filters.release = value(o.release, 'filters.release');
  if (o.route !== undefined) filters.route = value(o.route, 'filters.route');
  if (o.level !== undefined) {
    if (!ALERT_LEVELS.includes(o.level as AlertLevel))
      throw new AlertRuleError('filters.level', `filters.level is one of ${ALERT_LEVELS.join(', ')}`);
    filters.level = o.level as AlertLevel;
  }
  if (o.category !== undefined) {
    const category = value(o.category, 'filters.category');
    if (!Object.hasOwn(CATEGORIES, category))
      throw new AlertRuleError(
        'filters.category',
        `filters.category is one of ${Object.keys(CATEGORIES).join(', ')}`,
      );
    filters.category = category;
  }
  if (o.tags !== undefined) {
    const tags = listAt(o.tags, 'filters.tags', MAX_ALERT_TAG_FILTERS, 0);
    if (tags.length > 0) filters.tags = tags.map((t, i) => tagFilter(t, `filters.tags[${i}]`));
  }
  return filters;
}
