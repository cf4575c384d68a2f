/**
 * What an API token may do. The collector's routes each declare the one scope they need; the CLI
 * and the API check the scopes a token is created with against this list. `admin` holds every
 * other scope and `project:write` holds `project:read`, as a user would expect of a token that
 * may change issues (it must see them to do so). `project:releases` stands alone: a CI token that
 * uploads releases and source maps reads nothing else.
 */

/** Every scope a token can have. */
export const TOKEN_SCOPES = ['project:read', 'project:write', 'project:releases', 'admin'] as const;

export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a route needs: a scope, or only a valid token of any scope (`GET /api/0/`, the OpenAPI document). */
export type RouteScope = TokenScope | 'authenticated';

const HELD_BY: Record<TokenScope, readonly TokenScope[]> = {
  'project:read': ['project:read', 'project:write', 'admin'],
  'project:write': ['project:write', 'admin'],
  'project:releases': ['project:releases', 'admin'],
  admin: ['admin'],
};

/**
 * Whether a token with `scopes` may call a route that needs `needed`.
 * @example scopesAllow(['project:write'], 'project:read') // true
 */
export function scopesAllow(scopes: readonly TokenScope[], needed: RouteScope): boolean {
  if (needed === 'authenticated') return scopes.length > 0;
  return HELD_BY[needed].some((s) => scopes.includes(s));
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}

/**
 * The scopes of a comma-separated list or an array, deduplicated in TOKEN_SCOPES's order; throws
 * a RangeError naming the first unknown one (callers turn it into their own 400 or usage error).
 * @example parseTokenScopes('project:releases, project:read') // ['project:read', 'project:releases']
 */
export function parseTokenScopes(value: string | readonly unknown[]): TokenScope[] {
  const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (items.length === 0 || (items.length === 1 && items[0] === ''))
    throw new RangeError(`name at least one scope of ${TOKEN_SCOPES.join(', ')}`);
  for (const item of items)
    if (!isTokenScope(item))
      throw new RangeError(
        `unknown scope ${JSON.stringify(item)}: the scopes are ${TOKEN_SCOPES.join(', ')}`,
      );
  return TOKEN_SCOPES.filter((s) => items.includes(s));
}
