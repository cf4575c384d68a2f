/**
 * A project's inbound filters and its discard totals (api/inbound-filter-params.ts,
 * api/discard-routes.ts), spread into openapi.ts.
 */

import { MAX_INBOUND_FILTER_ENTRIES, MAX_INBOUND_FILTER_ENTRY_CHARS } from '../limits.js';
import { ok, pathParam, queryParam, ref, time } from './openapi-parts.js';

const entries = (description: string) => ({
  type: 'array',
  maxItems: MAX_INBOUND_FILTER_ENTRIES,
  items: { type: 'string', minLength: 1, maxLength: MAX_INBOUND_FILTER_ENTRY_CHARS },
  description,
});

export const FILTER_SCHEMAS = {
  InboundFilters: {
    type: 'object',
    additionalProperties: false,
    description:
      'What the project refuses at ingest, before storage; a PATCH replaces the whole set (a field left out filters nothing). A refused event is answered 200 as if kept and counted as a discard `filtered:<reason>`.',
    properties: {
      errorMessages: entries(
        'globs (`*` any run of characters, case-insensitive) over each exception’s `Type: value` and the message (reason error-message)',
      ),
      releases: entries('globs over the release (reason release-version)'),
      environments: entries('environment names, exactly (reason environment)'),
      clientIps: entries(
        'IPv4/IPv6 addresses or CIDR blocks, matched against the event’s user IP, else the address the request came from (reason ip-address)',
      ),
      webCrawlers: {
        type: 'boolean',
        description: 'known crawlers’ and uptime checkers’ user agents (reason web-crawlers)',
      },
      localhost: {
        type: 'boolean',
        description: 'a user IP of 127.0.0.1 or ::1, or a request URL on localhost (reason localhost)',
      },
    },
  },
  DiscardTotal: {
    type: 'object',
    required: ['source', 'reason', 'category', 'quantity'],
    properties: {
      source: { enum: ['client', 'collector'], description: 'the SDK’s client report, or this collector' },
      reason: {
        type: 'string',
        description: 'e.g. `ratelimit_backoff`, `sample_rate`, `filtered:web-crawlers`',
      },
      category: { type: 'string' },
      quantity: { type: 'integer', minimum: 1 },
    },
  },
};

export const FILTER_PATHS = {
  '/api/v1/projects/{projectId}/discards': {
    parameters: [pathParam('projectId')],
    get: {
      summary: 'What the project’s events lost before storage, summed by source, reason and category',
      parameters: [
        queryParam(
          'since',
          { type: 'string' },
          { description: 'ISO date, epoch ms or a duration back from now (`30d`); default 24 h' },
        ),
        queryParam('until', { type: 'string' }, { description: 'ISO date or epoch ms; default now' }),
      ],
      responses: ok({
        type: 'object',
        required: ['from', 'to', 'items'],
        properties: { from: time, to: time, items: { type: 'array', items: ref('DiscardTotal') } },
      }),
    },
  },
};
