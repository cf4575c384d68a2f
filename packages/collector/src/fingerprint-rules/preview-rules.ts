/**
 * What a list of fingerprint rules would do to a project's stored events (pure): each event is
 * digested again as it would be now (normalize-event.ts, the rules applied), and compared with the
 * issue it is in. An issue is affected when a rule matches any of its events; it is listed with
 * the rule (the one matching most of its events), its new fingerprints and title, and the other
 * issues whose events would share a new fingerprint with its own. Nothing is written: events
 * already stored keep their issue; only later events group by the rules.
 */

import { normalizeEvent } from '../digest/normalize-event.js';
import type { EventRecord, IssueId } from '../store/index.js';
import type { FingerprintRule } from './rule-types.js';

/** One issue the rules would regroup. */
export interface AffectedIssue {
  issueId: IssueId;
  /** The issue's events the preview read, and those a rule matched. */
  eventsSeen: number;
  eventsMatched: number;
  /** 1-based position of the rule that matched most of its events, and that rule in words. */
  rule: number;
  ruleText: string;
  /** Where its events would go: the rules' fingerprints, and the default one of unmatched events. */
  fingerprints: string[];
  /** The title the rule sets, if it sets one. */
  title: string | null;
  /** Its events would go to more than one fingerprint. */
  splits: boolean;
  /** Other issues whose events would share one of these fingerprints. */
  together: IssueId[];
}

/** A new fingerprint that several of today's issues would share. */
export interface MergedGroup {
  fingerprint: string;
  issueIds: IssueId[];
}

export interface RulesPreview {
  issues: AffectedIssue[];
  groups: MergedGroup[];
}

interface IssueTally {
  seen: number;
  matched: number;
  byRule: Map<number, { count: number; text: string; title: string | null }>;
  fingerprints: Set<string>;
}

/**
 * @param events the project's newest stored events (any order)
 * @example previewRules(rules, (await store.alertHistory(projectId, 0, MAX_RULE_PREVIEW_EVENTS)).events)
 */
export function previewRules(
  rules: readonly FingerprintRule[],
  events: readonly EventRecord[],
): RulesPreview {
  const tallies = new Map<IssueId, IssueTally>();
  const issuesOf = new Map<string, Set<IssueId>>();
  for (const stored of events) {
    const e = normalizeEvent({ eventId: stored.eventId, event: stored.payload }, stored.receivedAt, rules);
    let t = tallies.get(stored.issueId);
    if (t === undefined) {
      t = { seen: 0, matched: 0, byRule: new Map(), fingerprints: new Set() };
      tallies.set(stored.issueId, t);
    }
    t.seen++;
    t.fingerprints.add(e.fingerprint);
    const owners = issuesOf.get(e.fingerprint) ?? new Set<IssueId>();
    owners.add(stored.issueId);
    issuesOf.set(e.fingerprint, owners);
    if (e.rule === undefined) continue;
    t.matched++;
    const r = t.byRule.get(e.rule.index) ?? { count: 0, text: e.rule.text, title: e.rule.title ?? null };
    r.count++;
    t.byRule.set(e.rule.index, r);
  }
  const issues: AffectedIssue[] = [];
  for (const [issueId, t] of tallies) {
    if (t.matched === 0) continue;
    const [rule, r] = [...t.byRule].sort((a, b) => b[1].count - a[1].count || a[0] - b[0])[0] ?? [];
    if (rule === undefined || r === undefined) continue;
    const fingerprints = [...t.fingerprints].sort();
    const together = new Set<IssueId>();
    for (const f of fingerprints)
      for (const other of issuesOf.get(f) ?? []) if (other !== issueId) together.add(other);
    issues.push({
      issueId,
      eventsSeen: t.seen,
      eventsMatched: t.matched,
      rule,
      ruleText: r.text,
      fingerprints,
      title: r.title,
      splits: fingerprints.length > 1,
      together: [...together].sort((a, b) => a - b),
    });
  }
  issues.sort((a, b) => b.eventsMatched - a.eventsMatched || a.issueId - b.issueId);
  const affected = new Set(issues.map((i) => i.issueId));
  const groups = [...issuesOf]
    .filter(([, owners]) => owners.size > 1 && [...owners].some((id) => affected.has(id)))
    .map(([fingerprint, owners]) => ({ fingerprint, issueIds: [...owners].sort((a, b) => a - b) }))
    .sort((a, b) => b.issueIds.length - a.issueIds.length || (a.fingerprint < b.fingerprint ? -1 : 1));
  return { issues, groups };
}
