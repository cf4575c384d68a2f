/** `trigger` of a rule (issue 14 §1): all five types are validated, whoever evaluates them. */

import {
  MAX_ALERT_MIN_REQUESTS,
  MAX_ALERT_WINDOW_MINUTES,
  MAX_FREQUENCY_COUNT,
  MAX_SLO_OBJECTIVE,
  MIN_SLO_OBJECTIVE,
} from '../../limits.js';
import { AlertRuleError } from './alert-rule-error.js';
import { integerAt, numberAt, objectAt } from './json-fields.js';
import type { AlertTrigger, AlertTriggerType } from './rule-types.js';

const TYPES: readonly AlertTriggerType[] = [
  'new-issue',
  'regression',
  'frequency',
  'route-5xx-rate',
  'slo-burn',
];

const window = (value: unknown) => integerAt(value, 'trigger.windowMinutes', 1, MAX_ALERT_WINDOW_MINUTES);

/**
 * @example parseTrigger({ type: 'frequency', count: 10, windowMinutes: 5 })
 */
export function parseTrigger(value: unknown): AlertTrigger {
  const head = objectAt(value, 'trigger', [
    'type',
    'count',
    'windowMinutes',
    'threshold',
    'minRequests',
    'objective',
  ]);
  const type = head.type as AlertTriggerType;
  if (!TYPES.includes(type))
    throw new AlertRuleError('trigger.type', `trigger.type is one of ${TYPES.join(', ')}`);
  switch (type) {
    case 'new-issue':
    case 'regression':
      objectAt(value, 'trigger', ['type']);
      return { type };
    case 'frequency': {
      const o = objectAt(value, 'trigger', ['type', 'count', 'windowMinutes']);
      return {
        type,
        count: integerAt(o.count, 'trigger.count', 1, MAX_FREQUENCY_COUNT),
        windowMinutes: window(o.windowMinutes),
      };
    }
    case 'route-5xx-rate': {
      const o = objectAt(value, 'trigger', ['type', 'threshold', 'windowMinutes', 'minRequests']);
      return {
        type,
        threshold: numberAt(o.threshold, 'trigger.threshold', 0, 1, true),
        windowMinutes: window(o.windowMinutes),
        minRequests: integerAt(o.minRequests, 'trigger.minRequests', 1, MAX_ALERT_MIN_REQUESTS),
      };
    }
    case 'slo-burn': {
      const o = objectAt(value, 'trigger', ['type', 'objective']);
      return {
        type,
        objective: numberAt(o.objective, 'trigger.objective', MIN_SLO_OBJECTIVE, MAX_SLO_OBJECTIVE),
      };
    }
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}
