/**
 * One rule's decision about one touched issue, with its reason (issue 14 §4 "explainable
 * firing"). Pure: the evaluator gathers the inputs (the filter result, the event count of a
 * frequency rule, the (rule, issue) state) and writes what this returns.
 */

import type { AlertSubjectState } from '../../store/alert-records.js';
import type { AlertRule } from '../rules/rule-types.js';
import type { Silence } from '../silences/silence-types.js';
import type { AlertEvent } from './alert-subject.js';
import type { FilterResult } from './match-filters.js';

export type DecisionReason = 'fired' | 'throttled' | 'filter' | 'below-threshold' | 'no-channel' | 'silenced';

export interface Decision {
  fired: boolean;
  reason: DecisionReason;
  /** The reason as a sentence, with the values that decided it (made only for what is logged). */
  detail: () => string;
  /** The event the decision is about (the newest matching one, else the newest). */
  event: AlertEvent;
  /** For a notification: why it fired, in a few words ('' when it did not). */
  summary: string;
}

export interface DecisionInputs {
  match: FilterResult;
  /** A frequency rule's events in its window (counted up to its `count`), or, with
   * `observedAll`, the issue's events in all, when that is already below the count. */
  observed?: number;
  observedAll?: boolean;
  state: AlertSubjectState | undefined;
  now: number;
  /** What happened to the issue: new, regressed, or neither (frequency). */
  change: 'new' | 'regressed' | 'seen';
  /** The active silence that matches (match-silence.ts): what would fire is not notified. */
  silence?: Silence | undefined;
}

const minutes = (ms: number) => `${Math.max(0, Math.round(ms / 60_000))} min`;

function summaryOf(rule: AlertRule, inputs: DecisionInputs): string {
  switch (rule.trigger.type) {
    case 'new-issue':
      return 'new issue';
    case 'regression':
      return 'regression: a resolved issue happened again';
    case 'frequency':
      return `${inputs.observed ?? 0}${(inputs.observed ?? 0) >= rule.trigger.count ? '+' : ''} events in ${rule.trigger.windowMinutes} min (at least ${rule.trigger.count})`;
    default:
      return rule.trigger.type;
  }
}

/** Why the rule stays quiet before any event count is needed: the filters miss, or the pair
 * was notified within the action interval (undefined when neither holds). */
export type QuietReason = 'filter' | 'throttled';

/**
 * The first two steps of decide(), alone: the evaluator calls it to recognise, without building
 * anything, a pair whose decision repeats the one already logged.
 * @example quietReason(rule, match, state?.lastNotifiedAt ?? null, now) // 'throttled'
 */
export function quietReason(
  rule: AlertRule,
  match: FilterResult,
  lastNotifiedAt: number | null,
  now: number,
): QuietReason | undefined {
  if (match.miss !== undefined) return 'filter';
  if (lastNotifiedAt !== null && now - lastNotifiedAt < rule.actionIntervalMinutes * 60_000)
    return 'throttled';
  return undefined;
}

/**
 * @example decide(rule, { match, state, now, change: 'new' }) // { fired: true, reason: 'fired', … }
 */
export function decide(rule: AlertRule, inputs: DecisionInputs): Decision {
  const { match, state, now } = inputs;
  const no = (reason: DecisionReason, detail: () => string): Decision => ({
    fired: false,
    reason,
    detail,
    event: match.event,
    summary: '',
  });
  // The interval before the count: a throttled pair needs no event count, the costly input.
  const last = state?.lastNotifiedAt ?? null;
  const quiet = quietReason(rule, match, last, now);
  if (quiet === 'filter' && match.miss !== undefined) {
    const { filter, expected, actual } = match.miss;
    return no(
      'filter',
      () =>
        `filter ${filter} is false: the rule wants ${expected}, event ${match.event.eventId} has ${actual ?? 'none'}`,
    );
  }
  if (quiet === 'throttled' && last !== null)
    return no(
      'throttled',
      () =>
        `notified ${minutes(now - last)} ago, within the action interval of ${rule.actionIntervalMinutes} min (next possible at ${new Date(last + rule.actionIntervalMinutes * 60_000).toISOString()})`,
    );
  const trigger = rule.trigger;
  if (trigger.type === 'frequency') {
    const observed = inputs.observed ?? 0;
    if (observed < trigger.count)
      return no('below-threshold', () =>
        inputs.observedAll
          ? `the issue has ${observed} events in all, fewer than the rule's ${trigger.count}`
          : `${observed} events in the last ${trigger.windowMinutes} min, fewer than the rule's ${trigger.count}`,
      );
  }
  if (!rule.channels.some((c) => c.disabled === undefined))
    return no(
      'no-channel',
      () =>
        'every channel of the rule is disabled (a receiver answered 410 Gone); save the rule to enable them',
    );
  const silence = inputs.silence;
  if (silence !== undefined)
    return no('silenced', () => {
      const until =
        silence.endsAt === null ? 'the issue is resolved' : new Date(silence.endsAt).toISOString();
      return `would fire, but silence ${silence.id} holds until ${until}${silence.comment === null ? '' : ` (${silence.comment})`}`;
    });
  const summary = summaryOf(rule, inputs);
  const what =
    inputs.change === 'new' ? 'a new issue' : inputs.change === 'regressed' ? 'a regression' : summary;
  return { fired: true, reason: 'fired', detail: () => `fired: ${what}`, event: match.event, summary };
}
