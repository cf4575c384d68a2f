/**
 * What a silence is (issue 14 §4 "noise control"): for a while, the decisions of a project's
 * rules that would fire and match every matcher it sets are not notified, and the evaluation log
 * says `silenced` and which silence. A silence ends at `endsAt`, when expired, or (an
 * `untilResolved` one, for one issue) when that issue is resolved.
 */

import type { ProjectId } from '../../store/ids.js';

/** At least one is set; all that are set must hold. */
export interface SilenceMatchers {
  ruleId?: number;
  issueId?: number;
  /** The route template (tag `route`, `/users/:id`) or the transaction (`GET /users/:id`). */
  route?: string;
  release?: string;
  environment?: string;
}

export const SILENCE_MATCHER_KEYS = ['ruleId', 'issueId', 'route', 'release', 'environment'] as const;

/** A validated silence to store: a time-bound one (`endsAt`) or an until-resolved one. */
export interface SilenceInput {
  matchers: SilenceMatchers;
  /** When it ends (ms); null for `untilResolved`. */
  endsAt: number | null;
  /** Ends when the issue of `matchers.issueId` is resolved. */
  untilResolved: boolean;
  comment: string | null;
}

/** A stored silence. */
export interface Silence extends SilenceInput {
  id: number;
  projectId: ProjectId;
  startsAt: number;
  /** When it was ended early (expired through the API, or its issue resolved); null otherwise. */
  endedAt: number | null;
  /** Who made it: the session's user, or `token` for a bearer token; null when unknown. */
  createdBy: string | null;
}
