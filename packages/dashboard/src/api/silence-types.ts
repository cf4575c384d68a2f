/**
 * Silences as the collector's silence API answers them (api/silence-routes.ts,
 * openapi-silences.ts): what the Alerts page and the issue page read and send.
 */

/** At least one is set; every one set must hold for a decision to be silenced. */
export interface SilenceMatchers {
  ruleId?: number;
  issueId?: number;
  /** A route template (`/items/:id`) or a transaction (`GET /items/:id`). */
  route?: string;
  release?: string;
  environment?: string;
}

/** What POST /projects/{projectId}/silences takes: an end, or `untilResolved` for one issue. */
export type SilenceBody = { matchers: SilenceMatchers; comment?: string } & (
  | { endsAt: string | number }
  | { untilResolved: true }
);

export interface Silence {
  id: number;
  projectId: number;
  matchers: SilenceMatchers;
  startsAt: string;
  /** null for an until-resolved silence. */
  endsAt: string | null;
  untilResolved: boolean;
  comment: string | null;
  /** The session's user, `token` for a bearer token, null when unknown. */
  createdBy: string | null;
  /** When it was ended early (expired, or its issue resolved). */
  endedAt: string | null;
  /** Whether it holds now. */
  active: boolean;
}
