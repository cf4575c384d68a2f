/**
 * One (rule, issue) pair decided from gathered inputs, and the evaluation row that explains it:
 * shared by the digest commit (evaluate-issues.ts) and the read API's explanation of a pair the
 * log holds no row for (api/alert-routes.ts), so both answer with the same decision, sentence
 * and inputs.
 */

import type { AlertSubjectState, NewAlertEvaluation } from '../../store/alert-records.js';
import type { AlertRule } from '../rules/rule-types.js';
import type { Silence } from '../silences/silence-types.js';
import type { IssueTouch } from './alert-subject.js';
import { type Decision, decide, quietReason } from './decide.js';
import type { FilterResult } from './match-filters.js';
import { issueSilenceSubject, matchingSilence } from './match-silence.js';

/** What a pair is decided on; `state` is undefined for a pair that has none stored. */
export interface PairInputs {
  rule: AlertRule;
  touch: IssueTouch;
  match: FilterResult;
  state: AlertSubjectState | undefined;
  /** A frequency rule's events in its window, counted up to its `count`, when it was counted. */
  counted: number | undefined;
  silences: readonly Silence[];
  now: number;
}

export interface DecidedPair {
  decision: Decision;
  /** The events that decided a frequency rule: in its window, or the issue's in all. */
  observed: number | undefined;
  silence: Silence | undefined;
}

/** A frequency rule whose count the issue's events in all do not reach: that total decides. */
export const belowInAll = (rule: AlertRule, touch: Pick<IssueTouch, 'issue'>): boolean =>
  rule.trigger.type === 'frequency' && touch.issue.count < rule.trigger.count;

/**
 * Whether a frequency pair needs its window counted: its filters passed, it is not throttled,
 * and the issue has at least `count` events in all (else that total decides).
 * @example if (needsCount(rule, touch, match, state?.lastNotifiedAt ?? null, now)) count = await …
 */
export function needsCount(
  rule: AlertRule,
  touch: Pick<IssueTouch, 'issue'>,
  match: FilterResult,
  lastNotifiedAt: number | null,
  now: number,
): boolean {
  if (rule.trigger.type !== 'frequency') return false;
  return quietReason(rule, match, lastNotifiedAt, now) === undefined && !belowInAll(rule, touch);
}

/**
 * The reasons that mean "nothing to do": the filters are false, or a frequency rule's count is not
 * reached. A pair whose decisions have only ever been these is not stored: no log row, no state
 * (as a rate series that has only ever been healthy is not logged).
 * @example isNothingToDo('filter') // true
 */
export function isNothingToDo(reason: string): boolean {
  return reason === 'filter' || reason === 'below-threshold';
}

/**
 * Whether a decision is written to the log (and the pair's state): every firing; for a pair with
 * a stored state, a change of reason; for a pair without one, any decision that is not "nothing
 * to do" (its first fired, throttled, silenced or no-channel).
 * @example if (isLogged(decision, state)) evaluations.push(evaluationOf(…))
 */
export function isLogged(
  decision: Pick<Decision, 'fired' | 'reason'>,
  state: AlertSubjectState | undefined,
): boolean {
  if (decision.fired) return true;
  return state === undefined ? !isNothingToDo(decision.reason) : state.lastReason !== decision.reason;
}

/** @example const { decision } = decidePair({ rule, touch, match, state, counted, silences, now }) */
export function decidePair(p: PairInputs): DecidedPair {
  const { rule, touch, match, state, now } = p;
  const observedAll = rule.trigger.type === 'frequency' && p.counted === undefined;
  const observed = observedAll ? touch.issue.count : p.counted;
  const change = touch.isNew ? 'new' : touch.regressed ? 'regressed' : 'seen';
  const silence =
    p.silences.length === 0
      ? undefined
      : matchingSilence(p.silences, issueSilenceSubject(rule.id, touch.issue, match.event), now);
  return {
    observed,
    silence,
    decision: decide(rule, { match, observed, observedAll, state, now, change, silence }),
  };
}

/**
 * The evaluation row of a decided pair: the decision, its sentence and what it looked at.
 * @example evaluations.push(evaluationOf(rule, 'issue:42', touch, decided, state, now))
 */
export function evaluationOf(
  rule: AlertRule,
  subject: string,
  touch: IssueTouch,
  decided: DecidedPair,
  state: AlertSubjectState | undefined,
  now: number,
): NewAlertEvaluation {
  const { decision, observed, silence } = decided;
  const e = decision.event;
  // A count is an input only where it decided (a throttled pair was not counted).
  const counted =
    decision.reason === 'fired' || decision.reason === 'below-threshold' || decision.reason === 'silenced'
      ? observed
      : undefined;
  return {
    ruleId: rule.id,
    projectId: rule.projectId,
    subject,
    at: now,
    decision: decision.fired ? 'fired' : 'suppressed',
    reason: decision.reason,
    detail: decision.detail(),
    inputs: {
      issueId: touch.issue.id,
      eventId: e.eventId,
      environment: e.environment,
      release: e.release,
      level: e.level,
      route: e.route ?? e.transaction,
      category: e.category,
      isNew: touch.isNew,
      regressed: touch.regressed,
      ...(counted === undefined ? {} : { observed: counted }),
      lastNotifiedAt: state?.lastNotifiedAt ?? null,
      ...(decision.reason === 'silenced' && silence !== undefined
        ? { silence: { id: silence.id, endsAt: silence.endsAt, untilResolved: silence.untilResolved } }
        : {}),
    },
  };
}
