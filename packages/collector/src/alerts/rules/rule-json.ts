/**
 * A stored rule as the JSON `parseAlertRule` takes: tag filters as `key=value`, channels with
 * their ids and without their disabled marks (saving a rule re-enables its channels). What the
 * API shows and what a PATCH is merged over, so a rule read can be sent back as it is.
 */

import type { AlertFilters, AlertRuleInput } from './rule-types.js';

/** `filters` as they are written: `tags` as `key=value` strings. */
export type AlertFiltersJson = Omit<AlertFilters, 'tags'> & { tags?: string[] };

/**
 * @example filtersJson({ tags: [{ key: 'team', value: 'payments' }] }) // { tags: ['team=payments'] }
 */
export function filtersJson(filters: AlertFilters): AlertFiltersJson {
  const { tags, ...rest } = filters;
  return tags === undefined ? rest : { ...rest, tags: tags.map((t) => `${t.key}=${t.value}`) };
}

/**
 * @example parseAlertRule(ruleJson(await store.getAlertRule(id))) // the same rule again
 */
export function ruleJson(rule: AlertRuleInput): Record<string, unknown> {
  return {
    name: rule.name,
    trigger: rule.trigger,
    filters: filtersJson(rule.filters),
    channels: rule.channels.map(({ disabled: _disabled, ...channel }) => channel),
    actionIntervalMinutes: rule.actionIntervalMinutes,
  };
}
