/** A project's fingerprint rules and their preview, as the collector's read API gives them. */

import type { Issue } from './types.js';

export interface FingerprintRule {
  match: {
    type?: string;
    message?: string;
    module?: string;
    function?: string;
    level?: string;
    tags?: { key: string; value: string }[];
  };
  fingerprint?: string[];
  title?: string;
}

/** The rule a stored event was grouped by (GET /api/v1/issues/{id}/fingerprints `rule`). */
export interface MatchedRule {
  index: number;
  text: string;
  fingerprint?: string[];
  title?: string;
}

/** POST /api/v1/projects/{projectId}/fingerprint-rules/preview. */
export interface FingerprintRulesPreview {
  eventsExamined: number;
  moreEvents: boolean;
  moreIssues: boolean;
  items: {
    issueId: number;
    issue: Issue | null;
    eventsSeen: number;
    eventsMatched: number;
    rule: number;
    ruleText: string;
    fingerprints: string[];
    title: string | null;
    splits: boolean;
    together: number[];
  }[];
  groups: { fingerprint: string; issueIds: number[] }[];
}
