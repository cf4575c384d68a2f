/** Every operation's scope, written into the served OpenAPI document from the router. */

import type { RouteInfo } from '../http/router.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** `/api/v1/issues/:issueId` → `/api/v1/issues/{issueId}` */
const openApiPath = (pattern: string) => pattern.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * The document with each operation's scope, read from the router (where each route declares
 * it): `x-faultline-scope`, and the bearer requirement naming it (OpenAPI 3.1 lets an http
 * scheme list roles). An operation the router does not serve is left as it is.
 * @example withScopes(OPENAPI, router.routes()).paths['/api/v1/tokens'].get['x-faultline-scope'] // 'admin'
 */
export function withScopes<D extends { paths: Record<string, Record<string, unknown>> }>(
  document: D,
  routes: readonly RouteInfo<string>[],
): D {
  const scopes = new Map(routes.map((r) => [`${r.method.toLowerCase()} ${openApiPath(r.pattern)}`, r.scope]));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const next: Record<string, unknown> = { ...item };
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      const needed = scopes.get(`${method} ${path}`);
      if (operation === undefined || needed === undefined) continue;
      const bearer = needed === 'authenticated' ? [] : [needed];
      next[method] = { ...operation, 'x-faultline-scope': needed, security: [{ bearer }, { session: [] }] };
    }
    paths[path] = next;
  }
  return { ...document, paths };
}
