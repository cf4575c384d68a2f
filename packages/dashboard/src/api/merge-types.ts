/** Merging issues and their fingerprints, as the read API answers them (issue 19 §3). */

import type { MatchedRule } from './fingerprint-rule-types.js';
import type { Issue } from './types.js';

/**
 * One of an issue's fingerprints: GET /api/v1/issues/{issueId}/fingerprints.
 * @example { fingerprint: 'af77…', own: true, events: 12, components: ['type:TypeError'] }
 */
export interface IssueFingerprint {
  fingerprint: string;
  /** The issue's own (not merged into it): it cannot be unmerged. */
  own: boolean;
  events: number;
  /** What the grouping hash was made of (core's fingerprintComponents of its newest event). */
  components: string[];
  /** The project's fingerprint rule that set its newest event's fingerprint or title, or null. */
  rule: MatchedRule | null;
}

/**
 * POST /api/v1/projects/{projectId}/issues/merge.
 * @example { issue: { id: 7, count: 12, … }, merged: [9] }
 */
export interface MergeResult {
  issue: Issue;
  merged: number[];
}

/**
 * POST /api/v1/issues/{issueId}/unmerge.
 * @example { issue: { id: 9, count: 3, … }, movedEvents: 3 }
 */
export interface UnmergeResult {
  issue: Issue;
  movedEvents: number;
}
