/** What merging issues and moving a fingerprint back out come to (issue 19 §3). */

import type { SentryEvent } from '@faultline/core';
import type { IssueId } from './ids.js';
import type { IssueRecord } from './records.js';

/**
 * What a merge came to: the target as it is now, or why nothing was merged.
 * @example if (outcome.kind === "merged") console.log(outcome.target.count)
 */
export type MergeOutcome =
  | { kind: 'merged'; target: IssueRecord; merged: IssueId[] }
  /** Ids no issue has. */
  | { kind: 'unknown'; ids: IssueId[] }
  /** Ids of issues of other projects. */
  | { kind: 'other-project'; ids: IssueId[] }
  /** Ids of tombstones (merged before). */
  | { kind: 'tombstone'; ids: IssueId[] };

/**
 * What an unmerge came to.
 * @example if (outcome.kind === "unmerged") console.log(outcome.issue.id, outcome.movedEvents)
 */
export type UnmergeOutcome =
  | { kind: 'unmerged'; issue: IssueRecord; movedEvents: number }
  | { kind: 'no-issue' }
  /** The fingerprint is the issue's own: the others move out, not it. */
  | { kind: 'own' }
  /** No merge sent this fingerprint to this issue. */
  | { kind: 'not-merged' };

/**
 * A fingerprint an issue groups: its own, or one a merge sent to it, with its stored events and
 * the newest of them (its grouping components are computed from it), null when none is stored.
 * @example { fingerprint: 'af77…', own: true, events: 12, event: { message: 'boom' } }
 */
export interface IssueFingerprint {
  fingerprint: string;
  own: boolean;
  events: number;
  event: SentryEvent | null;
}
