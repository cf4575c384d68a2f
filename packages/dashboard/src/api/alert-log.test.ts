import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  attemptInWords,
  deliveryLog,
  evaluationInWords,
  lastFired,
  subjectInWords,
  subjectIssue,
} from './alert-log.js';
import type { AlertAttempt, AlertDelivery } from './alert-types.js';

const attempt = (outcome: AlertAttempt['outcome'], status: number | null): AlertAttempt => ({
  attempt: 1,
  at: '2026-01-01T00:00:00.000Z',
  outcome,
  status,
  latencyMs: 12.4,
  responseExcerpt: null,
  error: status === null ? 'connect ECONNREFUSED' : null,
});

const delivery = (
  id: number,
  state: AlertDelivery['state'],
  minute: number,
  attempts: AlertAttempt[] = [],
  ruleId = 1,
  subject = `issue:${id}`,
): AlertDelivery => ({
  id,
  ruleId,
  projectId: 1,
  channelId: 'ch_0123456789abcdef',
  channelType: 'webhook',
  subject,
  webhookId: `msg_${id}`,
  state,
  attemptCount: attempts.length,
  nextAttemptAt: null,
  createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  updatedAt: '2026-01-01T01:00:00.000Z',
  lastError: null,
  alert: null,
  attempts,
});

test('failures first (given up or disabled, then retrying), newest first within each', () => {
  const items = [
    delivery(1, 'delivered', 10, [attempt('delivered', 200)]),
    delivery(2, 'failed', 1, [attempt('failed', 400)]),
    delivery(3, 'pending', 5, [attempt('retry', 503)]),
    delivery(4, 'delivered', 20, [attempt('delivered', 200)]),
    delivery(5, 'disabled', 2, [attempt('disabled', 410)]),
    delivery(6, 'pending', 30),
  ];
  assert.deepEqual(
    deliveryLog(items).map((d) => d.id),
    [5, 2, 3, 6, 4, 1],
  );
});

test('attempts, subjects and decisions in words', () => {
  assert.equal(attemptInWords(attempt('delivered', 200)), 'HTTP 200 in 12 ms: delivered');
  assert.equal(attemptInWords(attempt('retry', null)), 'no answer in 12 ms: retry (connect ECONNREFUSED)');
  assert.deepEqual([subjectInWords('issue:42'), subjectInWords('test')], ['issue 42', 'test']);
  assert.deepEqual(
    [subjectIssue('issue:42'), subjectIssue('test'), subjectIssue('issue:x')],
    [42, undefined, undefined],
  );
  assert.equal(
    evaluationInWords({ decision: 'fired', reason: 'fired', detail: 'fired: a new issue' }),
    'fired: a new issue',
  );
  assert.equal(
    evaluationInWords({ decision: 'suppressed', reason: 'filter', detail: 'filter environment is false' }),
    'not sent (filter): filter environment is false',
  );
});

test('last fired per rule: the newest real alert, tests left out', () => {
  const fired = lastFired([
    delivery(1, 'delivered', 10, [], 1),
    delivery(2, 'delivered', 30, [], 1),
    delivery(3, 'delivered', 50, [], 2, 'test'),
    delivery(4, 'failed', 20, [], 3),
  ]);
  assert.deepEqual([...fired.entries()].sort(), [
    [1, '2026-01-01T00:30:00.000Z'],
    [3, '2026-01-01T00:20:00.000Z'],
  ]);
});
