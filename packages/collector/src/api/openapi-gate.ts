/**
 * The gate routes of the OpenAPI document (api/gate-routes.ts; issue 15): paths and schemas,
 * spread into openapi.ts, bounds from limits.ts.
 */

import {
  DEFAULT_GATE_VERDICTS_LISTED,
  GATE_DEFAULT_ALPHA,
  GATE_DEFAULT_MIN_REQUESTS,
  GATE_MAX_ALPHA,
  GATE_MAX_MARGIN,
  GATE_MIN_ALPHA,
  MAX_GATE_VERDICTS_LISTED,
  MAX_RELEASE_LENGTH,
} from '../limits.js';
import { ok, problem, queryParam, ref, time } from './openapi-parts.js';

const number = { type: 'number' };
const release = { type: 'string', minLength: 1, maxLength: MAX_RELEASE_LENGTH };
const arm = {
  type: 'object',
  required: ['release', 'requests', 'errors', 'rate', 'dependency5xx', 'overload5xx'],
  properties: {
    release: { type: 'string' },
    requests: { type: 'integer' },
    errors: { type: 'integer', description: 'the 5xx the verdict counted' },
    rate: number,
    dependency5xx: {
      type: 'integer',
      description: '5xx a dependency caused (counted only with includeDependency)',
    },
    overload5xx: {
      type: 'integer',
      description: '5xx of an overloaded process, shed requests included (likewise)',
    },
  },
};
const counts = {
  type: 'object',
  required: ['requests', 'errors', 'rate'],
  properties: { requests: { type: 'integer' }, errors: { type: 'integer' }, rate: number },
};
const inputs = [
  queryParam('project', { type: 'integer', minimum: 1 }, { required: true }),
  queryParam('canary', release, { required: true }),
  queryParam('baseline', release, { required: true }),
  queryParam('environment', release),
  queryParam(
    'since',
    { type: 'string' },
    {
      description:
        "a duration back from now (30m, 6h), an ISO date or epoch ms; default: the canary's first request",
    },
  ),
  queryParam('alpha', {
    ...number,
    minimum: GATE_MIN_ALPHA,
    maximum: GATE_MAX_ALPHA,
    default: GATE_DEFAULT_ALPHA,
  }),
  queryParam('minRequests', { type: 'integer', minimum: 1, default: GATE_DEFAULT_MIN_REQUESTS }),
  queryParam('margin', { ...number, minimum: 0, maximum: GATE_MAX_MARGIN, default: 0 }),
  queryParam(
    'includeDependency',
    { enum: ['1', 'true', '0', 'false'], default: 'false' },
    { description: 'count 5xx caused by a dependency or by overload against the canary too' },
  ),
];

export const GATE_PATHS = {
  '/api/v1/gate': {
    get: {
      summary:
        'The canary verdict: pass, fail or inconclusive, always 200 when computed (Argo Rollouts reads a non-2xx answer as an error); docs/canary.md',
      parameters: inputs,
      responses: ok(ref('GateVerdict')),
    },
  },
  '/api/v1/gate/verdicts': {
    get: {
      summary:
        'The verdicts asked for (GET /api/v1/gate, the Flagger webhook), newest first, each with the answer as it was given; of one release (canary or baseline) with `release`',
      parameters: [
        queryParam('project', { type: 'integer', minimum: 1 }, { required: true }),
        queryParam('release', release),
        queryParam('limit', {
          type: 'integer',
          minimum: 1,
          maximum: MAX_GATE_VERDICTS_LISTED,
          default: DEFAULT_GATE_VERDICTS_LISTED,
        }),
      ],
      responses: ok({
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'at', 'canary', 'baseline', 'verdict', 'reason', 'answer'],
              properties: {
                id: { type: 'integer' },
                at: time,
                canary: { type: 'string' },
                baseline: { type: 'string' },
                environment: { type: ['string', 'null'] },
                verdict: { enum: ['pass', 'fail', 'inconclusive'] },
                reason: { type: 'string' },
                answer: ref('GateVerdict'),
              },
            },
          },
        },
      }),
    },
  },
  '/api/v1/gate/flagger': {
    post: {
      summary:
        "Flagger's webhook: the gate's inputs in `metadata` (project, canary, baseline, environment, since, alpha, minRequests, margin as strings); 200 pass, 409 inconclusive, 412 fail",
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['metadata'],
              properties: {
                name: { type: 'string' },
                namespace: { type: 'string' },
                phase: { type: 'string' },
                metadata: { type: 'object' },
              },
            },
          },
        },
      },
      responses: {
        ...ok(ref('GateVerdict')),
        '409': {
          description: 'inconclusive',
          content: { 'application/json': { schema: ref('GateVerdict') } },
        },
        '412': { description: 'fail', content: { 'application/json': { schema: ref('GateVerdict') } } },
        '400': problem,
      },
    },
  },
};

export const GATE_SCHEMAS = {
  GateVerdict: {
    type: 'object',
    required: ['verdict', 'reason', 'method', 'canary', 'baseline', 'routes'],
    properties: {
      verdict: { enum: ['pass', 'fail', 'inconclusive'] },
      reason: { type: 'string' },
      method: { type: 'string' },
      project: { type: 'integer' },
      environment: { type: ['string', 'null'] },
      window: { type: 'object', properties: { since: time, until: time } },
      alpha: number,
      minRequests: { type: 'integer' },
      margin: number,
      canary: arm,
      baseline: arm,
      eValue: {
        ...number,
        description: 'the largest e-value over the window; fail when ≥ 1/alpha (Holm-adjusted)',
      },
      pValue: { ...number, description: 'anytime-valid: 1 / eValue, at most 1' },
      routes: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            route: { type: 'string' },
            canary: counts,
            baseline: counts,
            eValue: number,
            pValue: number,
            regressed: { type: 'boolean' },
          },
        },
      },
      routeMix: { type: 'object', properties: { distance: number, differs: { type: 'boolean' } } },
    },
  },
};
