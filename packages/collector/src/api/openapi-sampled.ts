/**
 * The incident lookup's answer for a sampled request id (api/sampled-lookup.ts; issue 18 §1),
 * spread into openapi.ts.
 */

import { MAX_INCIDENT_MATCHES } from '../limits.js';
import { nullable, ref, time } from './openapi-parts.js';

export const SAMPLED_SCHEMAS = {
  SampledIncident: {
    type: 'object',
    required: ['matchedBy', 'ambiguous', 'matchCount', 'moreMatches', 'sampled'],
    properties: {
      matchedBy: { enum: ['sampled'] },
      ambiguous: { type: 'boolean', description: 'more than one sampled occurrence matched' },
      matchCount: { type: 'integer', minimum: 1, description: 'the length of `sampled`' },
      moreMatches: {
        type: 'boolean',
        description: `more matched than are listed (${MAX_INCIDENT_MATCHES} at most)`,
      },
      sampled: { type: 'array', items: ref('SampledOccurrence') },
    },
  },
  SampledOccurrence: {
    type: 'object',
    description:
      'An error of a storm the server middleware counted but did not send in full, with the full event it is like',
    required: [
      'projectId',
      'projectName',
      'requestId',
      'method',
      'route',
      'status',
      'timestamp',
      'likeEventId',
      'like',
      'likeCount',
      'likeFirstAt',
      'summary',
    ],
    properties: {
      projectId: { type: 'integer' },
      projectName: nullable('string'),
      requestId: { type: 'string' },
      traceId: nullable('string'),
      method: { type: 'string' },
      route: nullable('string'),
      status: { type: 'integer' },
      timestamp: time,
      receivedAt: time,
      likeEventId: { type: 'string' },
      like: {
        oneOf: [ref('EventSummary'), { type: 'null' }],
        description: 'the full event it is like; null when that event is not stored',
      },
      likeCount: { type: 'integer', minimum: 1, description: 'sampled occurrences like the same event' },
      likeFirstAt: { ...time, description: 'the time of the first of them' },
      summary: { type: 'string', description: '"sampled: N like this, first at …"' },
    },
  },
};
