// The evaluator skips a (rule, issue) pair whose quiet decision repeats the one this process
// logged last, or is "nothing to do" for a pair it knows has no state, before building anything for it. That shortcut must never change what is logged,
// written or notified: over every combination of rule, touch and remembered state, evaluating
// with the states remembered (the shortcut may apply) writes exactly what evaluating with
// nothing remembered (every pair decided in full) writes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  AlertSubjectState,
  NewAlertEvaluation,
  NewAlertNotification,
} from '../../store/alert-records.js';
import type { AlertWriteTx } from '../../store/alert-write-tx.js';
import type { IssueId, ProjectId } from '../../store/ids.js';
import type { IssueRecord } from '../../store/records.js';
import type { ActivityWriter } from '../../store/team-records.js';
import { parseAlertRule } from '../rules/parse-rule.js';
import type { ActiveAlertRule, AlertFilters, AlertTrigger } from '../rules/rule-types.js';
import type { AlertEvent, IssueTouch } from './alert-subject.js';
import { evaluateIssueAlerts } from './evaluate-issues.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const MINUTE = 60_000;

function rule(id: number, trigger: AlertTrigger, filters: AlertFilters): ActiveAlertRule {
  return {
    ...parseAlertRule({
      name: `rule ${id}`,
      trigger,
      filters,
      channels: [{ type: 'webhook', url: 'https://hooks.example.com/a' }],
      actionIntervalMinutes: 30,
    }),
    id,
    projectId: 1 as ProjectId,
    projectName: 'api',
    createdAt: 0,
    updatedAt: 0,
  };
}

const event = (environment: string): AlertEvent => ({
  eventId: `e-${environment}`,
  timestamp: NOW - 1_000,
  level: 'error',
  environment,
  release: 'api@1.0.0',
  transaction: 'GET /users/:id',
  route: '/users/:id',
  category: 'bug',
  tags: [],
  requestId: null,
  traceId: null,
  service: null,
});

function touch(
  id: number,
  count: number,
  environment: string,
  change: 'new' | 'regressed' | 'seen',
): IssueTouch {
  const issue: IssueRecord = {
    id: id as IssueId,
    projectId: 1 as ProjectId,
    fingerprint: `f${id}`,
    groupingVersion: 'v1',
    title: 'TypeError',
    culprit: 'app.js',
    level: 'error',
    mergedInto: null,
    status: 'unresolved',
    regressed: change === 'regressed',
    firstSeen: NOW - 3_600_000,
    lastSeen: NOW,
    count,
    usersAffected: 1,
    resolvedAt: null,
    resolvedInRelease: null,
    snooze: null,
    unignored: null,
    assignee: null,
  };
  return { issue, events: [event(environment)], isNew: change === 'new', regressed: change === 'regressed' };
}

interface Written {
  evaluations: NewAlertEvaluation[];
  states: AlertSubjectState[];
  notifications: NewAlertNotification[];
}

/** A transaction over fixed states and window counts that records what the evaluator writes. */
function recordingTx(
  rules: ActiveAlertRule[],
  states: AlertSubjectState[],
  remember: boolean,
  windowCount: number,
  rememberNone = false,
) {
  const written: Written = { evaluations: [], states: [], notifications: [] };
  const bySubject = new Map<string, Map<number, AlertSubjectState>>();
  for (const s of states) bySubject.set(s.subject, (bySubject.get(s.subject) ?? new Map()).set(s.ruleId, s));
  const none = new Map<number, null>(rules.map((r) => [r.id, null]));
  let pairsRead = 0;
  const tx: AlertWriteTx & ActivityWriter = {
    alertRules: async () => rules,
    silences: async () => [],
    countIssueEvents: async (_issueId, _since, limit) => Math.min(windowCount, limit),
    alertSubjectStates: async (pairs) => {
      pairsRead += pairs.length;
      return pairs.flatMap((p) => bySubject.get(p.subject)?.get(p.ruleId) ?? []);
    },
    rememberedStates: (subject) => (rememberNone ? none : remember ? bySubject.get(subject) : undefined),
    setAlertSubjectStates: async (rows) => void written.states.push(...rows),
    recordAlertEvaluations: async (rows) => void written.evaluations.push(...rows),
    enqueueAlertNotifications: async (rows) => void written.notifications.push(...rows),
    addIssueActivity: async () => {},
  };
  return { tx, written, pairsRead: () => pairsRead };
}

const REASONS = ['fired', 'throttled', 'filter', 'below-threshold', 'no-channel', 'silenced', 'none'];
const LAST_NOTIFIED = [null, NOW - 5 * MINUTE, NOW - 120 * MINUTE];

test('skipping the pairs whose quiet decision repeats the logged one writes exactly what deciding every pair writes', async () => {
  const rules = [
    rule(1, { type: 'frequency', count: 10, windowMinutes: 5 }, {}),
    rule(2, { type: 'frequency', count: 10, windowMinutes: 5 }, { environment: 'production' }),
    rule(3, { type: 'new-issue' }, { environment: 'production' }),
    rule(4, { type: 'regression' }, {}),
    rule(5, { type: 'frequency', count: 1000, windowMinutes: 60 }, {}),
  ];
  let cases = 0;
  let skipped = 0;
  for (const count of [3, 50])
    for (const environment of ['production', 'staging'])
      for (const change of ['new', 'regressed', 'seen'] as const)
        for (const reason of REASONS)
          for (const lastNotifiedAt of LAST_NOTIFIED)
            for (const windowCount of [4, 20]) {
              const touches = [touch(7, count, environment, change)];
              // 'none': no state stored, which this process remembers (null) in the short arm.
              const states =
                reason === 'none'
                  ? []
                  : rules.map((r) => ({
                      ruleId: r.id,
                      subject: 'issue:7',
                      lastNotifiedAt,
                      lastReason: reason,
                      lastAt: NOW - MINUTE,
                    }));
              const full = recordingTx(rules, states, false, windowCount);
              const short = recordingTx(rules, states, true, windowCount, reason === 'none');
              await evaluateIssueAlerts(full.tx, touches, NOW);
              await evaluateIssueAlerts(short.tx, touches, NOW);
              const what = { count, environment, change, reason, lastNotifiedAt, windowCount };
              assert.deepEqual(short.written.evaluations, full.written.evaluations, JSON.stringify(what));
              assert.deepEqual(short.written.states, full.written.states, JSON.stringify(what));
              assert.equal(short.written.notifications.length, full.written.notifications.length);
              cases++;
              if (short.pairsRead() < full.pairsRead()) skipped++;
            }
  assert.equal(cases, 2 * 2 * 3 * REASONS.length * LAST_NOTIFIED.length * 2);
  // The shortcut did apply (else this test would compare the full path with itself).
  assert.ok(skipped >= cases / 8, `the shortcut applied in ${skipped} of ${cases} cases`);
});

test('a pair without a state whose decision is nothing to do writes no row and no state', async () => {
  const rules = [
    rule(1, { type: 'frequency', count: 10, windowMinutes: 5 }, { environment: 'production' }),
    rule(2, { type: 'frequency', count: 10, windowMinutes: 5 }, {}),
    rule(3, { type: 'new-issue' }, { environment: 'production' }),
  ];
  for (const change of ['new', 'seen'] as const) {
    const { tx, written } = recordingTx(rules, [], true, 0);
    await evaluateIssueAlerts(tx, [touch(9, 3, 'staging', change)], NOW);
    assert.deepEqual(written.evaluations, [], change);
    assert.deepEqual(written.states, [], change);
  }
  // Its first decision that is not quiet is logged, and becomes its state.
  const { tx, written } = recordingTx(rules, [], true, 0);
  await evaluateIssueAlerts(tx, [touch(9, 30, 'staging', 'seen')], NOW);
  const { tx: tx2, written: written2 } = recordingTx(rules, [], true, 20);
  await evaluateIssueAlerts(tx2, [touch(9, 30, 'staging', 'seen')], NOW);
  assert.deepEqual(written.evaluations, [], 'counted below the threshold: nothing to do');
  assert.deepEqual(
    written2.evaluations.map((e) => [e.ruleId, e.reason]),
    [[2, 'fired']],
  );
  assert.deepEqual(
    written2.states.map((s) => [s.ruleId, s.lastReason, s.lastNotifiedAt]),
    [[2, 'fired', NOW]],
  );
});
