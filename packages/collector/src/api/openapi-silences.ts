/**
 * The silence routes of the OpenAPI document (api/silence-routes.ts; issue 14 §4), spread into
 * openapi.ts. The bounds are limits.ts's, so the document cannot drift from them.
 */

import {
  MAX_ACTIVE_SILENCES_PER_PROJECT,
  MAX_ALERT_FILTER_VALUE_LENGTH,
  MAX_SILENCE_COMMENT_LENGTH,
  MAX_SILENCE_DURATION_MS,
  MAX_SILENCES_LISTED,
} from '../limits.js';
import { list, nullable, ok, pathParam, problem, queryParam, ref, time } from './openapi-parts.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const id = { type: 'integer', minimum: 1 };
const value = { type: 'string', minLength: 1, maxLength: MAX_ALERT_FILTER_VALUE_LENGTH };
const DAYS = MAX_SILENCE_DURATION_MS / (24 * 60 * 60_000);

const matchers = {
  type: 'object',
  minProperties: 1,
  description:
    'at least one; all that are set must hold. route is the route template or the transaction, as a rule filter',
  properties: { ruleId: id, issueId: id, route: value, release: value, environment: value },
};

const silenceProblems = {
  '400': {
    ...problem,
    description: 'FL_SILENCE: a wrong field, named in `field` (endsAt in the past, no matcher, …)',
  },
  '401': problem,
  '404': problem,
};

export const SILENCE_PATHS = {
  '/api/v1/projects/{projectId}/silences': {
    parameters: [pathParam('projectId')],
    get: {
      summary: "The project's silences that hold now, newest first; all=1 lists expired ones too",
      parameters: [
        queryParam('all', { enum: ['0', '1', 'true', 'false'] }),
        queryParam('limit', { type: 'integer', minimum: 1, maximum: MAX_SILENCES_LISTED }),
      ],
      responses: ok(list('Silence')),
    },
    post: {
      summary:
        'Silence what matches until endsAt (or, untilResolved, until the issue is resolved): decisions that would fire are logged `silenced` and not notified',
      requestBody: json(ref('SilenceInput')),
      responses: {
        '201': { description: 'Created', ...json(ref('Silence')) },
        ...silenceProblems,
        '409': {
          ...problem,
          description: `the project has ${MAX_ACTIVE_SILENCES_PER_PROJECT} active silences already`,
        },
      },
    },
  },
  '/api/v1/silences/{silenceId}': {
    parameters: [pathParam('silenceId')],
    get: { summary: 'One silence', responses: ok(ref('Silence')) },
  },
  '/api/v1/silences/{silenceId}/expire': {
    parameters: [pathParam('silenceId')],
    post: {
      summary: 'End the silence now (one already over is answered as it is)',
      responses: { '200': { description: 'OK', ...json(ref('Silence')) }, '401': problem, '404': problem },
    },
  },
};

export const SILENCE_SCHEMAS = {
  SilenceInput: {
    type: 'object',
    required: ['matchers'],
    properties: {
      matchers,
      endsAt: {
        oneOf: [
          {
            type: 'string',
            format: 'date-time',
            description: 'ISO 8601 with its offset: 2026-12-08T09:00:00Z',
          },
          { type: 'integer', description: 'epoch milliseconds' },
        ],
        description: `in the future, at most ${DAYS} days ahead; required unless untilResolved`,
      },
      untilResolved: {
        type: 'boolean',
        description: 'with matchers.issueId and no endsAt: holds until that issue is resolved',
      },
      comment: { type: 'string', maxLength: MAX_SILENCE_COMMENT_LENGTH },
    },
  },
  Silence: {
    type: 'object',
    properties: {
      id,
      projectId: id,
      matchers,
      startsAt: time,
      endsAt: { ...nullable('string'), format: 'date-time', description: 'null for untilResolved' },
      untilResolved: { type: 'boolean' },
      comment: nullable('string'),
      createdBy: { ...nullable('string'), description: "the session's user, or token" },
      endedAt: {
        ...nullable('string'),
        format: 'date-time',
        description: 'when expired or its issue resolved',
      },
      active: { type: 'boolean', description: 'holds now' },
      links: { type: 'object', properties: { self: { type: 'string' }, expire: { type: 'string' } } },
    },
  },
};
