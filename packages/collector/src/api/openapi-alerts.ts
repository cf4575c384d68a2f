/**
 * The alert routes of the OpenAPI document (api/alert-routes.ts; issue 14): paths and schemas,
 * spread into openapi.ts. The bounds are limits.ts's, so the document cannot drift from them.
 */

import {
  ALERT_ATTEMPTS_LISTED,
  DEFAULT_ACTION_INTERVAL_MINUTES,
  DEFAULT_ALERT_DELIVERIES_PAGE_SIZE,
  MAX_ACTION_INTERVAL_MINUTES,
  MAX_ALERT_CHANNELS_PER_RULE,
  MAX_ALERT_DELIVERIES_PAGE_SIZE,
  MAX_ALERT_RULE_NAME_LENGTH,
  MAX_ALERT_RULES_PER_PROJECT,
  MAX_ALERT_TAG_FILTERS,
  MAX_ALERT_WINDOW_MINUTES,
  MAX_EMAIL_RECIPIENTS,
  MAX_FREQUENCY_COUNT,
  MAX_PAGE_SIZE,
  MAX_PREVIEW_EVENTS,
  MAX_PREVIEW_RESULTS,
  MIN_ACTION_INTERVAL_MINUTES,
} from '../limits.js';
import { list, nullable, ok, page, pathParam, problem, queryParam, ref, time } from './openapi-parts.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  ...(required.length > 0 ? { required } : {}),
  properties,
});
const integer = { type: 'integer' };
const text = { type: 'string' };
const channelId = { type: 'string', pattern: '^ch_[0-9a-f]{16}$' };
const url = { type: 'string', format: 'uri' };
const windowMinutes = { type: 'integer', minimum: 1, maximum: MAX_ALERT_WINDOW_MINUTES };

const trigger = {
  oneOf: [
    object({ type: { const: 'new-issue' } }, ['type']),
    object({ type: { const: 'regression' } }, ['type']),
    object(
      {
        type: { const: 'frequency' },
        count: { type: 'integer', minimum: 1, maximum: MAX_FREQUENCY_COUNT },
        windowMinutes,
      },
      ['type', 'count', 'windowMinutes'],
    ),
    object(
      {
        type: { const: 'route-5xx-rate' },
        threshold: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        windowMinutes,
        minRequests: { type: 'integer', minimum: 1 },
      },
      ['type', 'threshold', 'windowMinutes', 'minRequests'],
    ),
    object({ type: { const: 'slo-burn' }, objective: { type: 'number' } }, ['type', 'objective']),
  ],
};

const channel = {
  oneOf: [
    object(
      {
        type: { const: 'webhook' },
        url,
        secret: {
          type: 'string',
          description:
            'whsec_ and the base64 of 24-64 bytes; generated when absent. Shown whole only in the answer that made it, then masked (whsec_AbCd…); a channel sent back with its id and the masked secret, or none, keeps its secret',
        },
      },
      ['type', 'url'],
    ),
    object({ type: { const: 'slack' }, url }, ['type', 'url']),
    object({ type: { const: 'discord' }, url }, ['type', 'url']),
    object({ type: { const: 'pagerduty' }, routingKey: text }, ['type', 'routingKey']),
    object(
      {
        type: { const: 'email' },
        to: { type: 'array', items: text, minItems: 1, maxItems: MAX_EMAIL_RECIPIENTS },
      },
      ['type', 'to'],
    ),
  ],
  description:
    'Every channel also has `id` (kept when sent back; new channels get one), and `disabled: { at, reason }` once a receiver answered 410 Gone (read-only: saving the rule enables it again)',
};

const ruleFields = {
  name: { type: 'string', minLength: 1, maxLength: MAX_ALERT_RULE_NAME_LENGTH },
  trigger,
  filters: object({
    environment: text,
    release: text,
    route: text,
    level: { enum: ['fatal', 'error', 'warning', 'info', 'debug'], description: 'this level or worse' },
    category: text,
    tags: { type: 'array', items: { type: 'string', pattern: '=' }, maxItems: MAX_ALERT_TAG_FILTERS },
  }),
  channels: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_ALERT_CHANNELS_PER_RULE,
    items: { allOf: [channel, object({ id: channelId })] },
  },
  actionIntervalMinutes: {
    type: 'integer',
    minimum: MIN_ACTION_INTERVAL_MINUTES,
    maximum: MAX_ACTION_INTERVAL_MINUTES,
    default: DEFAULT_ACTION_INTERVAL_MINUTES,
  },
};

const ruleProblems = {
  '400': {
    ...problem,
    description: 'FL_ALERT_RULE (a wrong field, named in `field`) or FL_OUTBOUND_REFUSED',
  },
  '401': problem,
  '404': problem,
};

export const ALERT_PATHS = {
  '/api/v1/projects/{projectId}/alert-rules': {
    parameters: [pathParam('projectId')],
    get: { summary: "The project's alert rules (webhook secrets masked)", responses: ok(list('AlertRule')) },
    post: {
      summary:
        'Create an alert rule; its URLs pass the SSRF guard now (400 FL_OUTBOUND_REFUSED otherwise). The answer is the one place webhook secrets are shown whole',
      requestBody: json(ref('AlertRuleInput')),
      responses: {
        '201': { description: 'Created', ...json(ref('AlertRule')) },
        ...ruleProblems,
        '409': { ...problem, description: `the project has ${MAX_ALERT_RULES_PER_PROJECT} rules already` },
      },
    },
  },
  '/api/v1/projects/{projectId}/alert-rules/preview': {
    parameters: [pathParam('projectId')],
    post: {
      summary: `The decisions the evaluator would have made over the project's stored events since \`since\` (default a week ago): the same trigger test, filters, silences and decide(), each event at the time it was received; a decision per firing and per change, as the evaluation log keeps them. new-issue and frequency rules; at most ${MAX_PREVIEW_EVENTS} events (the newest), ${MAX_PREVIEW_RESULTS} decisions listed. Nothing is stored or sent`,
      requestBody: json({
        allOf: [
          object(ruleFields, ['name', 'trigger']),
          object({
            since: {
              oneOf: [
                { type: 'string', format: 'date-time' },
                { type: 'integer', description: 'epoch ms' },
              ],
            },
          }),
        ],
      }),
      responses: {
        ...ok(
          object({
            since: time,
            eventsEvaluated: integer,
            eventsTruncated: {
              type: 'boolean',
              description: `more than ${MAX_PREVIEW_EVENTS} events: the oldest were left out`,
            },
            fired: { type: 'integer', description: 'firings in all' },
            more: { type: 'integer', description: 'decisions past the listed ones' },
            items: {
              type: 'array',
              items: object({
                issueId: integer,
                eventId: text,
                at: time,
                fired: { type: 'boolean' },
                reason: text,
                detail: text,
              }),
            },
          }),
        ),
        '400': {
          ...problem,
          description: 'FL_ALERT_RULE: a wrong field (a regression or rate rule: trigger.type)',
        },
        '401': problem,
        '404': problem,
      },
    },
  },
  '/api/v1/alert-rules/{ruleId}': {
    parameters: [pathParam('ruleId')],
    get: { summary: 'One alert rule (webhook secrets masked)', responses: ok(ref('AlertRule')) },
    patch: {
      summary:
        'Replace the top-level fields given and validate the whole rule again (SSRF guard included); the secrets of webhook channels it makes are shown in the answer',
      requestBody: json(object(ruleFields)),
      responses: { '200': { description: 'OK', ...json(ref('AlertRule')) }, ...ruleProblems },
    },
    delete: {
      summary: 'Delete the rule with its notifications, attempts and evaluations',
      responses: { '204': { description: 'Deleted' }, '401': problem, '404': problem },
    },
  },
  '/api/v1/alert-rules/{ruleId}/test': {
    parameters: [pathParam('ruleId')],
    post: {
      summary:
        'Send alert.test to every enabled channel through the path real alerts take (renderer, signer, SSRF guard, delivery, attempt log), once, and answer what was sent and how it went',
      responses: {
        ...ok(list('AlertTestDelivery')),
        '409': { ...problem, description: 'every channel is disabled' },
      },
    },
  },
  '/api/v1/alert-rules/{ruleId}/evaluations': {
    parameters: [pathParam('ruleId')],
    get: {
      summary:
        "The rule's evaluation log, newest first: each decision with its reason and the inputs it looked at. A pair that has only ever been quiet is not logged: with `subject=issue:<id>` and no row, the one item is that pair's decision computed now (`logged: false`)",
      parameters: [
        queryParam('cursor'),
        queryParam('limit', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE }),
        queryParam('subject', text, { description: 'one subject, e.g. issue:42' }),
      ],
      responses: ok(page('AlertEvaluation')),
    },
  },
  '/api/v1/projects/{projectId}/alert-incidents': {
    parameters: [pathParam('projectId')],
    get: {
      summary:
        "The project's rate alert incidents (route-5xx-rate, slo-burn), newest first: when each fired and resolved, for which route, release and environment",
      parameters: [
        queryParam('ruleId', { type: 'integer', minimum: 1 }),
        queryParam('limit', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE }),
      ],
      responses: { ...ok(list('AlertIncident')), '404': problem },
    },
  },
  '/api/v1/alert-rules/{ruleId}/deliveries': {
    parameters: [pathParam('ruleId')],
    get: {
      summary:
        "The rule's notifications with their attempts, failures first (failed and disabled, then retrying), newest first within each",
      parameters: [
        queryParam(
          'limit',
          { type: 'integer', minimum: 1, maximum: MAX_ALERT_DELIVERIES_PAGE_SIZE },
          { description: `default ${DEFAULT_ALERT_DELIVERIES_PAGE_SIZE}` },
        ),
        queryParam('state', { enum: ['pending', 'delivered', 'failed', 'disabled'] }),
      ],
      responses: ok(list('AlertDelivery')),
    },
  },
  '/api/v1/projects/{projectId}/alert-deliveries': {
    parameters: [pathParam('projectId')],
    get: {
      summary:
        "The project's notifications with their attempts, newest first; with issueId, only those about that issue (the issue page's alerts)",
      parameters: [
        queryParam(
          'limit',
          { type: 'integer', minimum: 1, maximum: MAX_ALERT_DELIVERIES_PAGE_SIZE },
          { description: `default ${DEFAULT_ALERT_DELIVERIES_PAGE_SIZE}` },
        ),
        queryParam('issueId', { type: 'integer', minimum: 1 }),
      ],
      responses: ok(list('AlertDelivery')),
    },
  },
  '/api/v1/alert-deliveries/{deliveryId}/redeliver': {
    parameters: [pathParam('deliveryId')],
    post: {
      summary:
        'Send a delivered, failed or disabled notification again now, with the same webhook-id (receivers deduplicate on it)',
      responses: {
        '202': { description: 'Pending again; the delivery worker sends it', ...json(ref('AlertDelivery')) },
        '400': problem,
        '401': problem,
        '404': problem,
        '409': { ...problem, description: 'the notification is pending already' },
      },
    },
  },
};

export const ALERT_SCHEMAS = {
  AlertRuleInput: object(ruleFields, ['name', 'trigger', 'channels']),
  AlertRule: {
    allOf: [
      ref('AlertRuleInput'),
      object({
        id: integer,
        projectId: integer,
        createdAt: time,
        updatedAt: time,
        links: object({ self: text, test: text, evaluations: text, deliveries: text }),
      }),
    ],
  },
  AlertIncident: object({
    id: integer,
    ruleId: integer,
    projectId: integer,
    method: text,
    route: { type: 'string', description: "the route template; '' when no route matched" },
    release: { type: 'string', description: "'' when the sender had none" },
    environment: text,
    state: { enum: ['firing', 'resolved'] },
    openedAt: time,
    resolvedAt: { ...nullable('string'), format: 'date-time' },
    belowSince: {
      ...nullable('string'),
      format: 'date-time',
      description: 'since when the rate has stayed below the resolve line (null: it has not)',
    },
  }),
  AlertEvaluation: object({
    id: { ...nullable('integer'), description: 'null for a decision computed on demand (logged: false)' },
    logged: {
      type: 'boolean',
      description:
        'false: a (rule, issue) pair whose decisions have only ever been "nothing to do" (filter, below-threshold) is not stored; asked for by subject, it is explained by the decision the rule makes now for the issue\'s latest event, its trigger taken as having happened',
    },
    ruleId: integer,
    projectId: integer,
    subject: {
      type: 'string',
      description:
        "what was evaluated: issue:<id>, or a rate rule's route:<METHOD route> env=<environment> release=<release>",
    },
    at: time,
    decision: { enum: ['fired', 'suppressed'] },
    reason: {
      type: 'string',
      description:
        'stable: fired, throttled, filter, below-threshold, no-channel, silenced; rate rules also resolved, firing, recovering, below-min-requests',
    },
    detail: { type: 'string', description: 'the reason as a sentence, with the values that decided it' },
    inputs: {
      type: 'object',
      description: 'what the rule looked at (event fields, counts, the last notification)',
    },
  }),
  Alert: {
    type: 'object',
    description:
      'the canonical alert: the JSON a webhook channel receives, every other channel rendered from it',
    required: ['type', 'rule', 'project', 'trigger', 'reason', 'firedAt', 'url'],
    properties: {
      type: { enum: ['alert.fired', 'alert.resolved', 'alert.test'] },
      rule: object({ id: integer, name: text }),
      project: object({ id: integer, name: text }),
      trigger: { type: 'object' },
      reason: text,
      firedAt: time,
      issue: {
        type: 'object',
        description: 'id, title, culprit, level, status, count, firstSeen, lastSeen, url',
      },
      event: { type: 'object', description: 'id, requestId, release, environment, traceId, route, …' },
      route: {
        type: 'object',
        description:
          "a rate rule's route over its window: method, route, requests, errors (5xx), rate, windowMinutes",
      },
      environment: { type: 'string', description: 'where a rate alert fired' },
      release: { ...nullable('string'), description: 'the release a rate alert fired in (null: none)' },
      incident: {
        type: 'object',
        description:
          "a rate rule's incident: id, openedAt, resolvedAt (alert.resolved); PagerDuty's dedup key follows it",
      },
      url: { type: 'string', description: "the dashboard on what fired (the collector's public URL)" },
      mute: {
        type: 'object',
        description:
          "on a fired issue alert: the issue's dashboard URL with ?mute=1h, ?mute=24h or ?mute=untilResolved; the dashboard confirms, then creates the silence",
        properties: { '1h': text, '24h': text, untilResolved: text },
      },
    },
  },
  AlertAttempt: object({
    attempt: { type: 'integer', minimum: 1 },
    at: time,
    outcome: { enum: ['delivered', 'retry', 'failed', 'disabled'] },
    status: { ...nullable('integer'), description: 'HTTP status or SMTP reply code; null when none came' },
    latencyMs: integer,
    responseExcerpt: nullable('string'),
    error: nullable('string'),
  }),
  AlertDelivery: object({
    id: integer,
    ruleId: integer,
    projectId: integer,
    channelId,
    channelType: { enum: ['webhook', 'slack', 'discord', 'pagerduty', 'email'] },
    subject: text,
    webhookId: { type: 'string', description: 'Standard Webhooks webhook-id: the same on every attempt' },
    state: { enum: ['pending', 'delivered', 'failed', 'disabled'] },
    attemptCount: integer,
    nextAttemptAt: { ...nullable('string'), format: 'date-time' },
    createdAt: time,
    updatedAt: time,
    lastError: nullable('string'),
    alert: { oneOf: [ref('Alert'), { type: 'null' }] },
    attempts: {
      type: 'array',
      items: ref('AlertAttempt'),
      description: `the last ${ALERT_ATTEMPTS_LISTED}, first first`,
    },
    links: object({ redeliver: text }),
  }),
  AlertTestDelivery: object({
    channelId,
    channelType: { enum: ['webhook', 'slack', 'discord', 'pagerduty', 'email'] },
    notificationId: integer,
    webhookId: text,
    outcome: { enum: ['delivered', 'failed', 'disabled'] },
    status: nullable('integer'),
    latencyMs: integer,
    responseExcerpt: nullable('string'),
    error: nullable('string'),
    message: {
      description: 'what was rendered and sent (or refused by the SSRF guard)',
      oneOf: [
        object({ kind: { const: 'http' }, url: text, headers: { type: 'object' }, body: text }),
        object({
          kind: { const: 'email' },
          to: { type: 'array', items: text },
          subject: text,
          text,
          html: text,
        }),
        { type: 'null' },
      ],
    },
  }),
};
