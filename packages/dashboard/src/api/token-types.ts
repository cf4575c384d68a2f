/**
 * API tokens as the collector's token API answers them (collector api/token-routes.ts,
 * openapi-tokens.ts): what the Settings page reads and sends.
 */

/** The scopes a token may hold (core's TOKEN_SCOPES), in the order the form offers them. */
export const TOKEN_SCOPES = ['project:read', 'project:write', 'project:releases', 'admin'] as const;

export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A token as GET /api/v1/tokens lists it: never the token, only its first characters. */
export interface ApiToken {
  id: number;
  name: string;
  scopes: string[];
  /** The one project it reaches; null for every project. */
  projectId: number | null;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** POST /api/v1/tokens's answer: the only time the token itself is shown. */
export interface NewApiToken extends ApiToken {
  token: string;
}

/** What POST /api/v1/tokens takes. */
export interface TokenBody {
  name: string;
  scopes: TokenScope[];
  projectId?: number;
}
