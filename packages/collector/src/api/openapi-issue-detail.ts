/**
 * An issue's tag facets and its event search (issue-detail-routes.ts; issue 19 §1), spread
 * into openapi.ts.
 */

import {
  MAX_EVENT_SEARCH_SCAN,
  MAX_FACET_KEY_VALUES,
  MAX_FACET_KEYS,
  MAX_FACET_VALUES,
  MAX_FILTER_LENGTH,
  MAX_TAG_FILTERS,
} from '../limits.js';
import { ok, page, pathParam, queryParam, time } from './openapi-parts.js';

export const ISSUE_DETAIL_PATHS = {
  '/api/v1/issues/{issueId}/tags': {
    parameters: [pathParam('issueId')],
    get: {
      summary: "The issue's tag keys, each with its commonest values",
      description:
        `At most ${MAX_FACET_KEYS} keys: release, environment, route, browser, os, user, server_name, host ` +
        `first, then the others by total; at most ${MAX_FACET_VALUES} values per key, commonest first. ` +
        'Counted by digest for every stored event, so exact after retention deleted the events.',
      parameters: [
        queryParam(
          'key',
          { type: 'string', maxLength: MAX_FILTER_LENGTH },
          { description: `only this key, with up to ${MAX_FACET_KEY_VALUES} values` },
        ),
      ],
      responses: ok({
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/TagFacet' } } },
      }),
    },
  },
  '/api/v1/issues/{issueId}/events': {
    parameters: [pathParam('issueId')],
    get: {
      summary: 'Events of an issue, newest first, those matching every filter given',
      description:
        'With `release`, `environment`, `tag` or `query`, a page tests at most ' +
        `${MAX_EVENT_SEARCH_SCAN} events (the newest of the range), so it may hold fewer than \`limit\`, ` +
        'even none, with a `nextCursor` that goes on from the last event tested. `nextCursor` null: no more. ' +
        'Tags other than release, environment, level and service are read from the stored event.',
      parameters: [
        queryParam('release'),
        queryParam('environment'),
        queryParam(
          'tag',
          { type: 'array', items: { type: 'string' } },
          { description: `key:value, repeatable (at most ${MAX_TAG_FILTERS} with release and environment)` },
        ),
        queryParam(
          'query',
          { type: 'string' },
          { description: 'text in the title, message or exception values' },
        ),
        queryParam(
          'from',
          { type: 'string' },
          { description: 'events at or after: an ISO date, epoch ms or a duration back like 24h' },
        ),
        queryParam(
          'to',
          { type: 'string' },
          { description: 'events before: an ISO date, epoch ms or a duration back' },
        ),
        queryParam('cursor'),
        queryParam('limit', { type: 'integer' }),
      ],
      responses: ok(page('EventSummary')),
    },
  },
};

export const ISSUE_DETAIL_SCHEMAS = {
  TagFacet: {
    type: 'object',
    required: ['key', 'total', 'values'],
    properties: {
      key: { type: 'string' },
      total: { type: 'integer', description: "events that carried the key, every value's count summed" },
      values: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value', 'count', 'share', 'firstSeen', 'lastSeen'],
          properties: {
            value: { type: 'string' },
            count: { type: 'integer', minimum: 1 },
            share: { type: 'number', minimum: 0, maximum: 1, description: 'count / total' },
            firstSeen: time,
            lastSeen: time,
          },
        },
      },
    },
  },
};
