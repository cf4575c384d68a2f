/** The pieces the OpenAPI document (openapi.ts, openapi-alerts.ts) is written with. */

/** @example ref('Issue') // { $ref: '#/components/schemas/Issue' } */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A keyset page of `item`. @example page('Issue') */
export const page = (item: string) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: ref(item) }, nextCursor: { type: ['string', 'null'] } },
});

/** A whole list of `item`. @example list('Project') */
export const list = (item: string) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: ref(item) } },
});

/** @example problem // { $ref: '#/components/responses/Problem' } */
export const problem = { $ref: '#/components/responses/Problem' };

/** A 200 with `schema`, and the problems every route may answer (403: the token lacks the
 * route's scope, or is limited to another project). @example ok(ref('Issue')) */
export const ok = (schema: unknown) => ({
  '200': { description: 'OK', content: { 'application/json': { schema } } },
  '400': problem,
  '401': problem,
  '403': problem,
  '404': problem,
});

/** @example pathParam('issueId') */
export const pathParam = (name: string, schema: unknown = { type: 'integer', minimum: 1 }) => ({
  name,
  in: 'path',
  required: true,
  schema,
});

/** @example queryParam('limit', { type: 'integer', minimum: 1 }) */
export const queryParam = (
  name: string,
  schema: unknown = { type: 'string' },
  extra: Record<string, unknown> = {},
) => ({ name, in: 'query', schema, ...extra });

/** @example { firstSeen: time } */
export const time = { type: 'string', format: 'date-time' };

/** @example nullable('string') // { type: ['string', 'null'] } */
export const nullable = (type: string) => ({ type: [type, 'null'] });
