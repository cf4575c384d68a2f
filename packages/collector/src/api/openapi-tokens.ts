/**
 * The token routes of the OpenAPI document (api/token-routes.ts; issue 17 §1), spread into
 * openapi.ts.
 */

import { TOKEN_SCOPES } from '@faultline/core';
import { MAX_TOKEN_NAME_LENGTH } from '../limits.js';
import { list, nullable, ok, pathParam, problem, ref, time } from './openapi-parts.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

export const TOKEN_PATHS = {
  '/api/v1/tokens': {
    get: {
      summary:
        'Every API token: its name, scopes, project, first characters, when made and last used (never the token)',
      responses: ok(list('Token')),
    },
    post: {
      summary: 'Make a token: the answer carries it once (`token`); the store keeps only its hash',
      requestBody: json(ref('TokenInput')),
      responses: {
        '201': { description: 'Created', ...json(ref('NewToken')) },
        '400': {
          ...problem,
          description: 'a wrong name, an unknown scope, an unknown project, or admin limited to a project',
        },
        '401': problem,
        '403': problem,
      },
    },
  },
  '/api/v1/tokens/{tokenId}': {
    parameters: [pathParam('tokenId')],
    delete: {
      summary: 'Revoke a token: its callers and the dashboard sessions made with it are refused at once',
      responses: { '204': { description: 'Revoked' }, '401': problem, '403': problem, '404': problem },
    },
  },
};

const scope = { type: 'string', enum: [...TOKEN_SCOPES] };
const token = {
  type: 'object',
  required: ['id', 'name', 'scopes', 'projectId', 'prefix', 'createdAt', 'lastUsedAt'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    scopes: { type: 'array', items: scope },
    projectId: nullable('integer'),
    prefix: { type: 'string', description: 'the first characters of the token' },
    createdAt: time,
    lastUsedAt: { ...nullable('string'), format: 'date-time', description: 'to within a minute' },
  },
};

export const TOKEN_SCHEMAS = {
  Token: token,
  NewToken: {
    ...token,
    required: [...token.required, 'token'],
    properties: { ...token.properties, token: { type: 'string', description: 'shown in this answer only' } },
  },
  TokenInput: {
    type: 'object',
    required: ['name', 'scopes'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: MAX_TOKEN_NAME_LENGTH },
      scopes: { type: 'array', minItems: 1, items: scope },
      projectId: {
        type: 'integer',
        minimum: 1,
        description: 'limit the token to this project (not with admin)',
      },
    },
  },
};
