/**
 * The issue rules (new-issue, regression, frequency) over the issues one digest commit touched,
 * inside that commit's transaction (issue 14 §3): what fires is written to the outbox with the
 * events, so it is sent if and only if they are stored. Cost: one cached rule lookup when the
 * projects have no rules (and one cached silence lookup when they have); otherwise one read of the (rule, issue) states, one bounded count per
 * (issue, frequency window) that a decision needs (none for a pair within its action interval,
 * none while the issue's own total is below the count), and one multi-row write per table.
 *
 * The evaluation log records every firing and every change of decision per (rule, issue): a
 * repeat of the decision already logged (a hot issue throttled for 30 minutes, events that keep
 * failing a filter) is not written again, or a busy issue would log a row per commit and rule.
 */

import type {
  AlertSubjectState,
  NewAlertEvaluation,
  NewAlertNotification,
} from '../../store/alert-records.js';
import type { AlertWriteTx } from '../../store/alert-write-tx.js';
import type { IssueId, ProjectId } from '../../store/ids.js';
import type { ActivityWriter, NewIssueActivity } from '../../store/team-records.js';
import {
  type ActiveAlertRule,
  type AlertFilters,
  type AlertTrigger,
  ISSUE_TRIGGER_TYPES,
} from '../rules/rule-types.js';
import type { Silence } from '../silences/silence-types.js';
import { issueAlertFacts } from './alert-facts.js';
import { type IssueTouch, issueSubject } from './alert-subject.js';
import { type Decision, decide, quietReason } from './decide.js';
import { type FilterResult, matchEvents } from './match-filters.js';
import { issueSilenceSubject, matchingSilence } from './match-silence.js';
import { notificationsFor } from './notifications.js';

interface Candidate {
  rule: ActiveAlertRule;
  touch: IssueTouch;
  subject: string;
  match: FilterResult;
}

/** A rule's filters as a string, made once per filters object (the rules cache keeps them). */
const filterKeys = new WeakMap<AlertFilters, string>();
function filtersKey(filters: AlertFilters): string {
  const known = filterKeys.get(filters);
  if (known !== undefined) return known;
  const key = JSON.stringify(filters);
  filterKeys.set(filters, key);
  return key;
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

/** A frequency rule whose count the issue's events in all do not reach: that total decides. */
const belowInAll = (rule: ActiveAlertRule, touch: IssueTouch) =>
  rule.trigger.type === 'frequency' && touch.issue.count < rule.trigger.count;

/** Whether a frequency candidate needs its window counted: its filters passed, it is not
 * throttled, and the issue has at least `count` events in all (else that total decides). */
function needsCount(c: Candidate, state: AlertSubjectState | undefined, now: number): boolean {
  if (c.rule.trigger.type !== 'frequency') return false;
  return (
    quietReason(c.rule, c.match, state?.lastNotifiedAt ?? null, now) === undefined &&
    !belowInAll(c.rule, c.touch)
  );
}

/**
 * Whether the pair would get, without a count, the quiet decision this process last logged for
 * it: then there is nothing to decide, log or write. With 100 rules most pairs of most commits
 * are such (a filter that keeps missing, an issue below a frequency count), so this is checked
 * before anything is built for the pair.
 */
function repeatsLogged(
  rule: ActiveAlertRule,
  touch: IssueTouch,
  match: FilterResult,
  state: AlertSubjectState | undefined,
  now: number,
): boolean {
  if (state === undefined) return false;
  const reason =
    quietReason(rule, match, state.lastNotifiedAt, now) ??
    (belowInAll(rule, touch) ? 'below-threshold' : undefined);
  return reason !== undefined && reason === state.lastReason;
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

/** The active silence that mutes the candidate's decision, if any (none to look at: no work). */
function silenceOf(c: Candidate, silences: readonly Silence[], now: number): Silence | undefined {
  if (silences.length === 0) return undefined;
  return matchingSilence(silences, issueSilenceSubject(c.rule.id, c.touch.issue, c.match.event), now);
}

function inputsOf(
  c: Candidate,
  decision: Decision,
  observed: number | undefined,
  state: AlertSubjectState | undefined,
  silence: Silence | undefined,
) {
  const e = decision.event;
  return {
    issueId: c.touch.issue.id,
    eventId: e.eventId,
    environment: e.environment,
    release: e.release,
    level: e.level,
    route: e.route ?? e.transaction,
    category: e.category,
    isNew: c.touch.isNew,
    regressed: c.touch.regressed,
    ...(observed === undefined ? {} : { observed }),
    lastNotifiedAt: state?.lastNotifiedAt ?? null,
    ...(decision.reason === 'silenced' && silence !== undefined
      ? { silence: { id: silence.id, endsAt: silence.endsAt, untilResolved: silence.untilResolved } }
      : {}),
  };
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
  const rules = (await tx.alertRules(projectIds)).filter((r) => ISSUE_TRIGGER_TYPES.has(r.trigger.type));
  if (rules.length === 0) return 0;

  const byProject = new Map<ProjectId, ActiveAlertRule[]>();
  for (const rule of rules) byProject.set(rule.projectId, [...(byProject.get(rule.projectId) ?? []), rule]);
  const candidates: Candidate[] = [];
  for (const touch of touches) {
    if (touch.events.length === 0) continue;
    const subject = issueSubject(touch.issue.id);
    const remembered = tx.rememberedStates(subject);
    // Rules with the same filters (often none) share one match over the touch's events.
    const matches = new Map<string, FilterResult>();
    for (const rule of byProject.get(touch.issue.projectId) ?? []) {
      if (!triggerHappened(rule.trigger, touch)) continue;
      const key = filtersKey(rule.filters);
      const match = matches.get(key) ?? matchEvents(rule.filters, touch.events);
      matches.set(key, match);
      if (repeatsLogged(rule, touch, match, remembered?.get(rule.id), now)) continue;
      candidates.push({ rule, touch, subject, match });
    }
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
  learn(await tx.alertSubjectStates(candidates.map((c) => ({ ruleId: c.rule.id, subject: c.subject }))));
  const stateOf = (c: Candidate) => states.get(c.rule.id)?.get(c.subject);
  const silences = await tx.silences(projectIds);
  const counts = await frequencyCounts(
    tx,
    candidates.filter((c) => needsCount(c, stateOf(c), now)),
    now,
  );
  const decideFor = (c: Candidate) => {
    const state = stateOf(c);
    const counted =
      c.rule.trigger.type === 'frequency'
        ? counts.get(countKey(c.touch.issue.id, c.rule.trigger.windowMinutes))
        : undefined;
    const observedAll = c.rule.trigger.type === 'frequency' && counted === undefined;
    const observed = observedAll ? c.touch.issue.count : counted;
    const change = c.touch.isNew ? 'new' : c.touch.regressed ? 'regressed' : 'seen';
    const silence = silenceOf(c, silences, now);
    return {
      state,
      observed,
      silence,
      decision: decide(c.rule, { match: c.match, observed, observedAll, state, now, change, silence }),
    };
  };
  let decided = candidates.map((c) => ({ c, ...decideFor(c) }));
  // The memo may not know another collector's notification: what would fire is decided again
  // on the stored state (the issue's row lock keeps that state from moving under this commit).
  const firing = decided
    .filter((d) => d.decision.fired)
    .map((d) => ({ ruleId: d.c.rule.id, subject: d.c.subject }));
  if (firing.length > 0) {
    learn(await tx.alertSubjectStates(firing, { fromStore: true }));
    decided = decided.map((d) => (d.decision.fired ? { c: d.c, ...decideFor(d.c) } : d));
  }

  const evaluations: NewAlertEvaluation[] = [];
  const newStates: AlertSubjectState[] = [];
  const notifications: NewAlertNotification[] = [];
  const fired: NewIssueActivity[] = [];
  for (const { c, state, observed, silence, decision } of decided) {
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
    if (!decision.fired && state?.lastReason === decision.reason) continue;
    evaluations.push({
      ruleId: c.rule.id,
      projectId: c.rule.projectId,
      subject: c.subject,
      at: now,
      decision: decision.fired ? 'fired' : 'suppressed',
      reason: decision.reason,
      detail: decision.detail(),
      // A count is an input only where it decided (a throttled pair was not counted).
      inputs: inputsOf(
        c,
        decision,
        decision.reason === 'fired' || decision.reason === 'below-threshold' || decision.reason === 'silenced'
          ? observed
          : undefined,
        state,
        silence,
      ),
    });
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
