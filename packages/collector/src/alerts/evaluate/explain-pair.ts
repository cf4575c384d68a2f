/**
 * The explanation of a (rule, issue) pair the evaluation log holds no row for: its decisions have
 * only ever been "nothing to do" (filters false, a count not reached), which the digest commit
 * does not store (evaluate-issues.ts). Computed now, for the issue's latest event, by the
 * commit's own parts (the filters, the silences, decide-pair.ts) and the preview's reading of a
 * stored event (preview/history-event.ts), with the rule's trigger taken as having happened: it
 * answers why this rule says nothing about this issue.
 */

import type { AlertEvaluation, AlertEvaluationQuery } from '../../store/alert-records.js';
import type { IssueId } from '../../store/ids.js';
import type { Store } from '../../store/store.js';
import { historyEvent } from '../preview/history-event.js';
import type { AlertRule } from '../rules/rule-types.js';
import { issueSubject } from './alert-subject.js';
import { decidePair, evaluationOf, needsCount } from './decide-pair.js';
import { matchEvents } from './match-filters.js';

/** A logged evaluation, or one computed on demand (no id: it is not stored). */
export type ExplainedEvaluation =
  | (AlertEvaluation & { logged: true })
  | (Omit<AlertEvaluation, 'id'> & { id: null; logged: false });

/** The store reads an explanation needs. */
export type ExplainReads = Pick<Store, 'getIssue' | 'listEvents' | 'listSilences' | 'countIssueEvents'>;

const ISSUE_SUBJECT = /^issue:([1-9]\d{0,15})$/;

/**
 * The decision the rule makes now about the subject's issue, unless the rule is a rate rule, the
 * subject is not an issue of the rule's project, or the issue has no stored event.
 * @param silencesListed how many of the project's active silences are read (MAX_SILENCES_LISTED)
 * @example await explainPair(store, rule, 'issue:42', Date.now(), MAX_SILENCES_LISTED) // { logged: false, reason: 'filter', … }
 */
export async function explainPair(
  store: ExplainReads,
  rule: AlertRule,
  subject: string,
  now: number,
  silencesListed: number,
): Promise<ExplainedEvaluation | undefined> {
  const trigger = rule.trigger;
  if (trigger.type !== 'new-issue' && trigger.type !== 'regression' && trigger.type !== 'frequency')
    return undefined;
  const id = ISSUE_SUBJECT.exec(subject)?.[1];
  if (id === undefined || issueSubject(Number(id)) !== subject) return undefined;
  const issue = await store.getIssue(Number(id) as IssueId);
  if (issue === undefined || issue.projectId !== rule.projectId) return undefined;
  const [latest, silences] = await Promise.all([
    store.listEvents({ issueId: issue.id, limit: 1 }),
    store.listSilences({ projectId: issue.projectId, now, limit: silencesListed }),
  ]);
  const stored = latest.items[0];
  if (stored === undefined) return undefined;
  const touch = {
    issue,
    events: [historyEvent(stored)],
    isNew: trigger.type === 'new-issue',
    regressed: trigger.type === 'regression',
  };
  const match = matchEvents(rule.filters, touch.events);
  const counted =
    trigger.type === 'frequency' && needsCount(rule, touch, match, null, now)
      ? await store.countIssueEvents(issue.id, now - trigger.windowMinutes * 60_000, trigger.count)
      : undefined;
  const decided = decidePair({ rule, touch, match, state: undefined, counted, silences, now });
  return { id: null, logged: false, ...evaluationOf(rule, subject, touch, decided, undefined, now) };
}

/**
 * A rule's log for one query, or, for one subject with no logged row (its first page), the pair
 * explained now: the log says nothing about a pair that has only ever been quiet.
 * @example await explainedEvaluations(store, rule, { ruleId: rule.id, subject: 'issue:42', limit: 51 }, Date.now(), 200)
 */
export async function explainedEvaluations(
  store: ExplainReads & Pick<Store, 'listAlertEvaluations'>,
  rule: AlertRule,
  query: AlertEvaluationQuery,
  now: number,
  silencesListed: number,
): Promise<ExplainedEvaluation[]> {
  const rows = await store.listAlertEvaluations(query);
  if (rows.length > 0 || query.subject === undefined || query.before !== undefined)
    return rows.map((r) => ({ ...r, logged: true }));
  const computed = await explainPair(store, rule, query.subject, now, silencesListed);
  return computed === undefined ? [] : [computed];
}
