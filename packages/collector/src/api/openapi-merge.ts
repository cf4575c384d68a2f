/**
 * Merging and unmerging issues, and an issue's fingerprints (api/merge-routes.ts; issue 19 §3),
 * spread into openapi.ts.
 */

import { MAX_ISSUE_FINGERPRINTS, MAX_MERGE_ISSUES } from '../limits.js';
import { list, ok, pathParam, ref } from './openapi-parts.js';

const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });

export const MERGE_PATHS = {
  '/api/v1/projects/{projectId}/issues/merge': {
    parameters: [pathParam('projectId')],
    post: {
      summary: 'Merge issues of the project into the one with the most events (ties: the oldest)',
      description:
        'Counts, first/last seen, tags, users, hourly counts, regressions, sampled occurrences and alert state are summed or united on the target; the others become `merged` tombstones (GET answers them with `mergedInto`; lists skip them), and later events of their fingerprints join the target. 400: fewer than 2 or more than the bound, an issue of another project, or one merged already; 404: an unknown id.',
      requestBody: body(ref('MergeRequest')),
      responses: ok(ref('MergeResult')),
    },
  },
  '/api/v1/issues/{issueId}/unmerge': {
    parameters: [pathParam('issueId')],
    post: {
      summary: 'Move a fingerprint merged into this issue back out to its own issue',
      description:
        "The merged issue's tombstone comes back (status unresolved); later events of the fingerprint go there, and its stored events move with it (events stored before the collector recorded fingerprints stay). Its counts are recomputed from its events; this issue loses them. 400: the issue's own fingerprint; 404: a fingerprint not merged into it.",
      requestBody: body(ref('UnmergeRequest')),
      responses: ok(ref('UnmergeResult')),
    },
  },
  '/api/v1/issues/{issueId}/fingerprints': {
    parameters: [pathParam('issueId')],
    get: {
      summary: "The issue's fingerprints (its own first) with their stored events and grouping components",
      responses: ok(list('IssueFingerprint')),
    },
  },
};

export const MERGE_SCHEMAS = {
  MergeRequest: {
    type: 'object',
    required: ['issueIds'],
    properties: {
      issueIds: {
        type: 'array',
        minItems: 2,
        maxItems: MAX_MERGE_ISSUES,
        items: { type: 'integer', minimum: 1 },
      },
    },
  },
  MergeResult: {
    type: 'object',
    required: ['issue', 'merged'],
    properties: {
      issue: ref('Issue'),
      merged: { type: 'array', items: { type: 'integer' }, description: 'the ids now tombstones' },
    },
  },
  UnmergeRequest: {
    type: 'object',
    required: ['fingerprint'],
    properties: { fingerprint: { type: 'string', pattern: '^[0-9a-f]{1,64}$' } },
  },
  UnmergeResult: {
    type: 'object',
    required: ['issue', 'movedEvents'],
    properties: {
      issue: ref('Issue'),
      movedEvents: { type: 'integer', description: 'stored events that moved with the fingerprint' },
    },
  },
  IssueFingerprint: {
    type: 'object',
    description: `One of an issue's fingerprints (at most ${MAX_ISSUE_FINGERPRINTS} listed)`,
    required: ['fingerprint', 'own', 'events', 'components'],
    properties: {
      fingerprint: { type: 'string' },
      own: { type: 'boolean', description: "the issue's own fingerprint (not merged into it)" },
      events: { type: 'integer', description: 'stored events of this fingerprint' },
      components: {
        type: 'array',
        items: { type: 'string' },
        description:
          'what the grouping hash was made of, from its newest stored event: type:, frame:, value:, message:, fingerprint: (an SDK fingerprint); empty when no event is stored',
      },
    },
  },
};
