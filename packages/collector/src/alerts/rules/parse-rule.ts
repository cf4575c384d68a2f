/**
 * `parseAlertRule`: untrusted JSON → a rule the store may keep (issue 14 §1). Pure; the later
 * API answers its AlertRuleError 400 with the message as is. Addresses of the channels' URLs
 * are not resolved here (that needs the network and the allow list: outbound-guard.ts's
 * `checkOutboundUrl`, which the API runs after this).
 */

import {
  DEFAULT_ACTION_INTERVAL_MINUTES,
  MAX_ACTION_INTERVAL_MINUTES,
  MAX_ALERT_RULE_NAME_LENGTH,
  MIN_ACTION_INTERVAL_MINUTES,
} from '../../limits.js';
import { AlertRuleError } from './alert-rule-error.js';
import { integerAt, objectAt, textAt } from './json-fields.js';
import { parseChannels } from './parse-channels.js';
import { parseFilters } from './parse-filters.js';
import { parseTrigger } from './parse-trigger.js';
import { type AlertRuleInput, ISSUE_TRIGGER_TYPES } from './rule-types.js';

/** Filters of an event's fields: the request counts rate rules read have none of them. */
const EVENT_ONLY_FILTERS = ['level', 'category', 'tags'] as const;

/** The fields of a rule's JSON, in the order the API writes them. */
export const RULE_FIELDS = ['name', 'trigger', 'filters', 'channels', 'actionIntervalMinutes'] as const;

/**
 * @throws AlertRuleError naming the first field that is wrong
 * @example
 * const rule = parseAlertRule({
 *   name: 'New 500s in production',
 *   trigger: { type: 'new-issue' },
 *   filters: { environment: 'production' },
 *   channels: [{ type: 'webhook', url: 'https://ops.example.com/faultline' }],
 * });
 * rule.actionIntervalMinutes; // 30
 * rule.channels[0]; // { type: 'webhook', url, secret: 'whsec_…', id: 'ch_…' }
 */
export function parseAlertRule(json: unknown): AlertRuleInput {
  const o = objectAt(json, '', RULE_FIELDS);
  const trigger = parseTrigger(o.trigger);
  const filters = parseFilters(o.filters);
  if (!ISSUE_TRIGGER_TYPES.has(trigger.type))
    for (const field of EVENT_ONLY_FILTERS)
      if (filters[field] !== undefined)
        throw new AlertRuleError(
          `filters.${field}`,
          `filters.${field} does not apply to a ${trigger.type} rule: it reads request counts, which only environment, release and route filter`,
        );
  return {
    name: textAt(o.name, 'name', MAX_ALERT_RULE_NAME_LENGTH),
    trigger,
    filters,
    channels: parseChannels(o.channels),
    actionIntervalMinutes:
      o.actionIntervalMinutes === undefined
        ? DEFAULT_ACTION_INTERVAL_MINUTES
        : integerAt(
            o.actionIntervalMinutes,
            'actionIntervalMinutes',
            MIN_ACTION_INTERVAL_MINUTES,
            MAX_ACTION_INTERVAL_MINUTES,
          ),
  };
}
