/**
 * Snoozing and deleting an issue (api/issue-status-routes.ts; issue 19 §2), spread into
 * openapi.ts: the snooze fields of Issue, `ignoreUntil` of a status update, and DELETE.
 */

import {
  ESCALATION_BASELINE_HOURS,
  ESCALATION_FACTOR,
  ESCALATION_MIN_EVENTS,
  MAX_SNOOZE_COUNT,
  MAX_SNOOZE_MINUTES,
  MAX_SNOOZE_USERS,
} from '../limits.js';
import { nullable, problem, queryParam, ref } from './openapi-parts.js';

const condition = (name: string, max: number, description: string) => ({
  type: 'object',
  additionalProperties: false,
  required: [name],
  properties: { [name]: { type: 'integer', minimum: 1, maximum: max } },
  description,
});

export const SNOOZE_SCHEMAS = {
  IgnoreUntil: {
    description:
      'What brings an ignored issue back by itself (status `unresolved`, `unignoredReason` set); exactly one key. Absent or null: ignored until someone changes it.',
    oneOf: [
      condition('minutes', MAX_SNOOZE_MINUTES, 'for N minutes'),
      condition('count', MAX_SNOOZE_COUNT, 'until N more events arrive'),
      condition('users', MAX_SNOOZE_USERS, 'until N more distinct users are affected'),
      {
        type: 'object',
        additionalProperties: false,
        required: ['escalating'],
        properties: { escalating: { const: true } },
        description: `until it escalates: the current UTC hour's events exceed ${ESCALATION_FACTOR} × the mean hourly count of the ${ESCALATION_BASELINE_HOURS} hours before it, and are at least ${ESCALATION_MIN_EVENTS}`,
      },
    ],
  },
};

/** The snooze fields every Issue carries. */
export const SNOOZE_ISSUE_PROPERTIES = {
  ignoreUntil: { oneOf: [ref('IgnoreUntil'), { type: 'null' }], description: 'the active snooze condition' },
  snoozedAt: { ...nullable('string'), format: 'date-time' },
  snoozeEndsAt: { ...nullable('string'), format: 'date-time', description: 'a timed snooze: when it ends' },
  snoozeRemaining: { ...nullable('integer'), description: 'a count or users snooze: how many more wake it' },
  unignoredReason: {
    enum: ['time', 'count', 'users', 'escalating', null],
    description: 'why it last came back from a snooze by itself; null after any status change',
  },
  unignoredAt: { ...nullable('string'), format: 'date-time' },
};

/** DELETE /api/v1/issues/{issueId}. */
export const DELETE_ISSUE = {
  summary: 'Delete the issue with its events, tags, users and counts',
  description:
    'With `discard=true`, later events with its fingerprint are answered 200 and counted as discarded (reason `discarded_issue`, category `error`) instead of being stored; without it, a later event starts a new issue.',
  parameters: [queryParam('discard', { type: 'boolean' })],
  responses: {
    '204': { description: 'Deleted' },
    '400': problem,
    '401': problem,
    '403': problem,
    '404': problem,
  },
};
