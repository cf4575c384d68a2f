/**
 * A rule's preview (issue 14 §4): the decisions it would have made over stored history, taken by
 * the evaluator's own parts (the trigger test, the filters, the silences, `decide`), each stored
 * event evaluated as the commit that stored it was (at the time it was received, with the
 * issue's events up to it counted in a frequency window) and the (rule, issue) state carried from
 * one to the next. Pure: the caller reads the history and the silences.
 *
 * What history cannot say is not guessed: a regression depends on status changes the store does
 * not keep, and rate rules are not evaluated per event, so neither is previewed.
 */

import type { AlertHistory } from '../../store/alert-records.js';
import type { IssueId } from '../../store/ids.js';
import { type DecisionReason, decide } from '../evaluate/decide.js';
import { isLogged } from '../evaluate/decide-pair.js';
import { triggerHappened } from '../evaluate/evaluate-issues.js';
import { matchEvents } from '../evaluate/match-filters.js';
import { issueSilenceSubject, matchingSilence } from '../evaluate/match-silence.js';
import type { AlertRule } from '../rules/rule-types.js';
import type { Silence } from '../silences/silence-types.js';
import { historyEvent } from './history-event.js';

/** One decision, listed as the evaluation log logs them: every firing, every change per issue,
 * none for an issue whose decisions have only been "nothing to do" (filter, below-threshold). */
export interface PreviewDecision {
  issueId: number;
  eventId: string;
  /** When the event was received: the commit's clock. */
  at: number;
  fired: boolean;
  reason: DecisionReason;
  detail: string;
}

export interface PreviewResult {
  /** Oldest first, at most `maxResults`. */
  decisions: PreviewDecision[];
  /** Firings in all (some may be past `maxResults`). */
  fired: number;
  /** Decisions past `maxResults`, not listed. */
  more: number;
  /** Events evaluated (at or after `since`). */
  evaluated: number;
}

interface IssueMemory {
  /** Timestamps of its events so far, in the order received. */
  timestamps: number[];
  lastNotifiedAt: number | null;
  lastReason: string | undefined;
}

/** Trigger types a preview covers. */
export const PREVIEW_TRIGGER_TYPES: ReadonlySet<string> = new Set(['new-issue', 'frequency']);

/**
 * @param history events received from before `since` (a frequency rule's window earlier), oldest first
 * @param since decisions are made for events received at or after it; earlier ones fill windows
 * @example previewRule(rule, await store.alertHistory(projectId, from, MAX_PREVIEW_EVENTS), silences, since, 500)
 */
export function previewRule(
  rule: AlertRule,
  history: AlertHistory,
  silences: readonly Silence[],
  since: number,
  maxResults: number,
): PreviewResult {
  const issues = new Map<IssueId, IssueMemory>();
  const result: PreviewResult = { decisions: [], fired: 0, more: 0, evaluated: 0 };
  const trigger = rule.trigger;
  for (const record of history.events) {
    const memory = issues.get(record.issueId) ?? {
      timestamps: [],
      lastNotifiedAt: null,
      lastReason: undefined,
    };
    issues.set(record.issueId, memory);
    const first = memory.timestamps.length === 0;
    // The commit's own event counts, as the live count reads it inside the commit.
    memory.timestamps.push(record.timestamp);
    if (record.receivedAt < since) continue;
    result.evaluated++;
    const now = record.receivedAt;
    const firstSeen = history.firstSeen.get(record.issueId);
    const touch = {
      isNew: first && firstSeen !== undefined && record.timestamp <= firstSeen,
      regressed: false,
    };
    if (!triggerHappened(trigger, touch)) continue;
    const event = historyEvent(record);
    const match = matchEvents(rule.filters, [event]);
    let observed: number | undefined;
    if (trigger.type === 'frequency') {
      const start = now - trigger.windowMinutes * 60_000;
      observed = Math.min(trigger.count, memory.timestamps.filter((t) => t >= start).length);
    }
    const silence =
      silences.length === 0
        ? undefined
        : matchingSilence(silences, issueSilenceSubject(rule.id, { id: record.issueId }, event), now);
    const state =
      memory.lastReason === undefined
        ? undefined
        : {
            ruleId: rule.id,
            subject: '',
            lastNotifiedAt: memory.lastNotifiedAt,
            lastReason: memory.lastReason,
            lastAt: now,
          };
    const change = touch.isNew ? 'new' : 'seen';
    const decision = decide(rule, { match, observed, observedAll: false, state, now, change, silence });
    if (decision.fired) {
      memory.lastNotifiedAt = now;
      result.fired++;
    }
    // As the commit stores a pair: a decision is listed, and becomes the state, only where logged.
    if (!isLogged(decision, state)) continue;
    memory.lastReason = decision.reason;
    if (result.decisions.length >= maxResults) {
      result.more++;
      continue;
    }
    result.decisions.push({
      issueId: record.issueId,
      eventId: record.eventId,
      at: now,
      fired: decision.fired,
      reason: decision.reason,
      detail: decision.detail(),
    });
  }
  return result;
}
