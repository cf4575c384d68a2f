/**
 * The issue rules (new-issue, regression, frequency) over the issues one digest commit touched,
 * inside that commit's transaction (issue 14 §3): what fires is written to the outbox with the
 * events, so it is sent if and only if they are stored. Cost: one cached rule lookup per project
 * when the projects have no rules (and one cached silence lookup when they have); a touch meets
 * only the rules whose trigger happened to it, and each group of rules with the same filters
 * tests its events once (rule-index.ts, built once per rules snapshot); then, for the pairs whose
 * decision may need a row, one read of the (rule, issue) states (none for an issue the commit
 * created: it has none), one bounded count per (issue, frequency window) that a decision needs
 * (none for a pair within its action interval, none while the issue's own total is below the
 * count), and one multi-row write per table.
 *
 * The evaluation log records every firing and every change of decision per (rule, issue), from
 * the pair's first decision that is not "nothing to do" (decide-pair.ts, isLogged): a pair whose
 * filters keep failing or whose count is never reached is not stored at all (no log row, no
 * state; the read API explains it on demand), and a repeat of the decision already logged (a hot
 * issue throttled for 30 minutes) is not written again, or a busy issue would log a row per
 * commit and rule.
 */

import type {
  AlertSubjectState,
  NewAlertEvaluation,
  NewAlertNotification,
} from '../../store/alert-records.js';
import type { AlertWriteTx } from '../../store/alert-write-tx.js';
import type { IssueId, ProjectId } from '../../store/ids.js';
import type { ActivityWriter, NewIssueActivity } from '../../store/team-records.js';
import type { ActiveAlertRule, AlertTrigger } from '../rules/rule-types.js';
import { issueAlertFacts } from './alert-facts.js';
import { type IssueTouch, issueSubject } from './alert-subject.js';
import { quietReason } from './decide.js';
import { belowInAll, decidePair, evaluationOf, isLogged, isNothingToDo, needsCount } from './decide-pair.js';
import { type FilterResult, matchEvents } from './match-filters.js';
import { notificationsFor } from './notifications.js';
import { groupsFor, type IssueRuleIndex, issueRuleIndex } from './rule-index.js';

interface Candidate {
  rule: ActiveAlertRule;
  touch: IssueTouch;
  subject: string;
  match: FilterResult;
}

const countKey = (issueId: IssueId, windowMinutes: number) => `${issueId}/${windowMinutes}`;

/**
 * Whether the trigger happened to the issue in this commit (else the rule has nothing to say).
 * @example triggerHappened({ type: 'new-issue' }, touch) // touch.isNew
 */
export function triggerHappened(
  trigger: AlertTrigger,
  touch: Pick<IssueTouch, 'isNew' | 'regressed'>,
): boolean {
  switch (trigger.type) {
    case 'new-issue':
      return touch.isNew;
    case 'regression':
      return touch.regressed;
    case 'frequency':
      return true;
    case 'route-5xx-rate':
    case 'slo-burn':
      return false;
    default: {
      const unknown: never = trigger;
      return unknown;
    }
  }
}

/**
 * Whether the pair's decision, made without a count, needs no row: it repeats the quiet decision
 * this process last logged for the pair, or it is "nothing to do" for a pair with no state
 * (`null`: none stored). Then there is nothing to decide, log or write. With 100 rules most pairs
 * of most commits are such (a filter that keeps missing, an issue below a frequency count), so
 * this is checked before anything is built for the pair; undefined (not known) is decided in full.
 */
function needsNoRow(
  rule: ActiveAlertRule,
  touch: IssueTouch,
  match: FilterResult,
  state: AlertSubjectState | null | undefined,
  now: number,
): boolean {
  if (state === undefined) return false;
  const reason =
    quietReason(rule, match, state?.lastNotifiedAt ?? null, now) ??
    (belowInAll(rule, touch) ? 'below-threshold' : undefined);
  if (reason === undefined) return false;
  return state === null ? isNothingToDo(reason) : reason === state.lastReason;
}

/** Counts each (issue, window) once, up to the largest `count` of the rules that need it. */
async function frequencyCounts(tx: AlertWriteTx, candidates: readonly Candidate[], now: number) {
  const wanted = new Map<string, { issueId: IssueId; windowMinutes: number; limit: number }>();
  for (const { rule, touch } of candidates) {
    if (rule.trigger.type !== 'frequency') continue;
    const { count, windowMinutes } = rule.trigger;
    const key = countKey(touch.issue.id, windowMinutes);
    const entry = wanted.get(key);
    if (entry === undefined) wanted.set(key, { issueId: touch.issue.id, windowMinutes, limit: count });
    else entry.limit = Math.max(entry.limit, count);
  }
  const counted = await Promise.all(
    [...wanted].map(
      async ([key, w]) =>
        [key, await tx.countIssueEvents(w.issueId, now - w.windowMinutes * 60_000, w.limit)] as const,
    ),
  );
  return new Map(counted);
}

/**
 * @param now the commit's clock (ms): frequency windows end here, the action interval counts from it
 * @returns the notifications written to the outbox
 * @example ctx.result.alertNotifications = await evaluateIssueAlerts(tx, touches, now)
 */
export async function evaluateIssueAlerts(
  tx: AlertWriteTx & ActivityWriter,
  touches: readonly IssueTouch[],
  now: number,
): Promise<number> {
  if (touches.length === 0) return 0;
  const projectIds = [...new Set(touches.map((t) => t.issue.projectId))];
  const indexes = new Map<ProjectId, IssueRuleIndex>();
  for (const id of projectIds) indexes.set(id, issueRuleIndex(await tx.alertRules([id])));

  const candidates: Candidate[] = [];
  for (const touch of touches) {
    const index = indexes.get(touch.issue.projectId);
    if (index === undefined || index.order.size === 0 || touch.events.length === 0) continue;
    const subject = issueSubject(touch.issue.id);
    // An issue this commit created has no (rule, issue) state: its subject is new.
    const remembered = touch.isNew ? undefined : tx.rememberedStates(subject);
    const found: Candidate[] = [];
    for (const group of groupsFor(index, touch)) {
      const match = matchEvents(group.filters, touch.events);
      for (const rule of group.rules) {
        const known = touch.isNew ? null : remembered?.get(rule.id);
        if (needsNoRow(rule, touch, match, known, now)) continue;
        found.push({ rule, touch, subject, match });
      }
    }
    // In rule order, as the rules are listed: the log's and the outbox's order do not depend on the index.
    found.sort((a, b) => (index.order.get(a.rule.id) ?? 0) - (index.order.get(b.rule.id) ?? 0));
    candidates.push(...found);
  }
  if (candidates.length === 0) return 0;

  // By rule, then subject: no key string per candidate.
  const states = new Map<number, Map<string, AlertSubjectState>>();
  const learn = (rows: readonly AlertSubjectState[]) => {
    for (const s of rows) {
      const bySubject = states.get(s.ruleId) ?? new Map<string, AlertSubjectState>();
      states.set(s.ruleId, bySubject.set(s.subject, s));
    }
  };
  const pairsOf = (cs: readonly Candidate[]) =>
    cs.filter((c) => !c.touch.isNew).map((c) => ({ ruleId: c.rule.id, subject: c.subject }));
  const stored = pairsOf(candidates);
  if (stored.length > 0) learn(await tx.alertSubjectStates(stored));
  const stateOf = (c: Candidate) => states.get(c.rule.id)?.get(c.subject);
  const silences = await tx.silences(projectIds);
  const counts = await frequencyCounts(
    tx,
    candidates.filter((c) => needsCount(c.rule, c.touch, c.match, stateOf(c)?.lastNotifiedAt ?? null, now)),
    now,
  );
  const decideFor = (c: Candidate) => {
    const state = stateOf(c);
    const counted =
      c.rule.trigger.type === 'frequency'
        ? counts.get(countKey(c.touch.issue.id, c.rule.trigger.windowMinutes))
        : undefined;
    return {
      state,
      ...decidePair({ rule: c.rule, touch: c.touch, match: c.match, state, counted, silences, now }),
    };
  };
  let decided = candidates.map((c) => ({ c, ...decideFor(c) }));
  // The memo may not know another collector's notification: what would fire is decided again
  // on the stored state (the issue's row lock keeps that state from moving under this commit).
  const firing = pairsOf(decided.filter((d) => d.decision.fired).map((d) => d.c));
  if (firing.length > 0) {
    learn(await tx.alertSubjectStates(firing, { fromStore: true }));
    decided = decided.map((d) => (d.decision.fired ? { c: d.c, ...decideFor(d.c) } : d));
  }

  const evaluations: NewAlertEvaluation[] = [];
  const newStates: AlertSubjectState[] = [];
  const notifications: NewAlertNotification[] = [];
  const fired: NewIssueActivity[] = [];
  for (const d of decided) {
    const { c, state, decision } = d;
    if (decision.fired)
      fired.push({
        projectId: c.touch.issue.projectId,
        issueId: c.touch.issue.id,
        kind: 'alert',
        actor: null,
        data: { ruleId: c.rule.id, ruleName: c.rule.name },
        at: now,
      });
    if (decision.fired)
      notifications.push(
        ...notificationsFor(
          c.rule,
          c.subject,
          issueAlertFacts(c.rule, c.touch, decision.event, decision.summary, now),
          now,
        ),
      );
    if (!isLogged(decision, state)) continue;
    evaluations.push(evaluationOf(c.rule, c.subject, c.touch, d, state, now));
    newStates.push({
      ruleId: c.rule.id,
      subject: c.subject,
      lastNotifiedAt: decision.fired ? now : null,
      lastReason: decision.reason,
      lastAt: now,
    });
  }
  await Promise.all([
    tx.recordAlertEvaluations(evaluations),
    tx.setAlertSubjectStates(newStates),
    tx.enqueueAlertNotifications(notifications),
    tx.addIssueActivity(fired),
  ]);
  return notifications.length;
}
