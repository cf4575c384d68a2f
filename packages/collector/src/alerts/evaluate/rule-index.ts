/**
 * A project's issue rules as the digest commit walks them: by trigger type, so a touch that is
 * neither new nor regressed only meets the frequency rules, and within a type by filters, so the
 * rules that share filters (often none) test the touch's events once. Built once per rules
 * snapshot (the cache hands out the same array until it reads the table again), not per commit.
 */

import { type ActiveAlertRule, type AlertFilters, ISSUE_TRIGGER_TYPES } from '../rules/rule-types.js';
import type { IssueTouch } from './alert-subject.js';

/** Rules of one trigger type with equal filters, in rule order. */
export interface FilterGroup {
  filters: AlertFilters;
  rules: readonly ActiveAlertRule[];
}

export interface IssueRuleIndex {
  /** Each rule's place in the project's list: candidates are put back in that order. */
  order: ReadonlyMap<number, number>;
  /** The groups a touch meets, by [isNew][regressed] (frequency rules in all four). */
  byChange: readonly [readonly [FilterGroup[], FilterGroup[]], readonly [FilterGroup[], FilterGroup[]]];
}

const EMPTY: IssueRuleIndex = {
  order: new Map(),
  byChange: [
    [[], []],
    [[], []],
  ],
};

function groups(rules: readonly ActiveAlertRule[]): FilterGroup[] {
  const byKey = new Map<string, { filters: AlertFilters; rules: ActiveAlertRule[] }>();
  for (const rule of rules) {
    const key = JSON.stringify(rule.filters);
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, { filters: rule.filters, rules: [rule] });
    else group.rules.push(rule);
  }
  return [...byKey.values()];
}

function build(rules: readonly ActiveAlertRule[]): IssueRuleIndex {
  const issueRules = rules.filter((r) => ISSUE_TRIGGER_TYPES.has(r.trigger.type));
  if (issueRules.length === 0) return EMPTY;
  const of = (type: string) => groups(issueRules.filter((r) => r.trigger.type === type));
  const [newIssue, regression, frequency] = [of('new-issue'), of('regression'), of('frequency')];
  return {
    order: new Map(issueRules.map((r, i) => [r.id, i])),
    byChange: [
      [frequency, [...regression, ...frequency]],
      [
        [...newIssue, ...frequency],
        [...newIssue, ...regression, ...frequency],
      ],
    ],
  };
}

const built = new WeakMap<readonly ActiveAlertRule[], IssueRuleIndex>();

/**
 * The index of a project's rules, made once per rules array.
 * @example const index = issueRuleIndex(await tx.alertRules([projectId]))
 */
export function issueRuleIndex(rules: readonly ActiveAlertRule[]): IssueRuleIndex {
  if (rules.length === 0) return EMPTY;
  const known = built.get(rules);
  if (known !== undefined) return known;
  const index = build(rules);
  built.set(rules, index);
  return index;
}

/**
 * The groups whose trigger happened to the touch (the trigger test of evaluate-issues.ts, per
 * type instead of per rule): new-issue rules for a new issue, regression rules for a reopened
 * one, frequency rules always.
 * @example for (const group of groupsFor(index, touch)) matchEvents(group.filters, touch.events)
 */
export function groupsFor(
  index: IssueRuleIndex,
  touch: Pick<IssueTouch, 'isNew' | 'regressed'>,
): readonly FilterGroup[] {
  return index.byChange[touch.isNew ? 1 : 0][touch.regressed ? 1 : 0];
}
