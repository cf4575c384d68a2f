/**
 * When an event reopens a resolved issue (issue 4 §2 "Regression"). Pure: the caller looks up
 * release first-seen times.
 *
 * - `resolved`: any new event reopens it, unless it was resolved *in a release*: then only an
 *   event from a release first seen after that release reopens it.
 * - `resolved_in_next_release`: only an event from a release first seen after the resolution
 *   reopens it (the fix ships in the next release; the current one still fails).
 * - `ignored` and `unresolved`: never.
 * An event without a release cannot prove it comes from a newer one, so it never reopens a
 * release-bound resolution. Road not taken: comparing version strings (semver or not, Sentry
 * supports both) instead of first-seen times.
 */

import type { IssueStatus } from '../store/records.js';

export interface RegressionInput {
  status: IssueStatus;
  resolvedAt: number | null;
  /** First-seen time of the release the issue was resolved in (null: not release-bound or unknown). */
  resolvedReleaseFirstSeen: number | null;
  resolvedInRelease: string | null;
  /** First-seen time of the event's release (null: the event has no release). */
  eventReleaseFirstSeen: number | null;
}

/**
 * @example reopens({ status: 'resolved', resolvedAt: 1, resolvedInRelease: null,
 *   resolvedReleaseFirstSeen: null, eventReleaseFirstSeen: null }) // true
 */
export function reopens(input: RegressionInput): boolean {
  const newerThan = (threshold: number | null) =>
    input.eventReleaseFirstSeen !== null && threshold !== null && input.eventReleaseFirstSeen > threshold;
  switch (input.status) {
    case 'unresolved':
    case 'ignored':
      return false;
    case 'resolved':
      if (input.resolvedInRelease === null) return true;
      return newerThan(input.resolvedReleaseFirstSeen ?? input.resolvedAt);
    case 'resolved_in_next_release':
      return newerThan(input.resolvedAt);
    default: {
      const unknown: never = input.status;
      return unknown;
    }
  }
}
