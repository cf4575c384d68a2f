import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activityWords } from './activity-words.js';

test('each kind of activity in words, with its details', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['first_seen', { release: '1.0' }, 'first seen in 1.0'],
    ['first_seen', { release: null }, 'first seen'],
    ['status', { status: 'resolved' }, 'resolved it'],
    ['status', { status: 'resolved', inRelease: '2.0' }, 'resolved it in 2.0'],
    ['status', { status: 'ignored', ignoreUntil: { count: 10 } }, 'ignored it (until 10 more events)'],
    ['status', { status: 'ignored', ignoreUntil: { minutes: 30 } }, 'ignored it (for 30 minutes)'],
    ['status', { status: 'ignored' }, 'ignored it'],
    ['woken', { reason: 'count' }, 'back from a snooze: the events it was snoozed for arrived'],
    ['regression', { release: '2.0' }, 'regressed in 2.0'],
    ['regression', { release: '' }, 'regressed (an event without a release)'],
    ['merged', { issueIds: [7, 9] }, 'merged #7, #9 into it'],
    ['unmerged', { issueId: 12 }, 'moved a fingerprint out to #12'],
    ['assigned', { assignee: 'ada@example.com' }, 'assigned it to ada@example.com'],
    ['assigned', { assignee: null }, 'unassigned it'],
    ['comment', { commentId: 3 }, 'commented'],
    ['comment_deleted', { commentId: 3, author: 'token:ci' }, 'deleted a comment by token:ci'],
    ['alert', { ruleId: 1, ruleName: 'new bugs' }, 'alert fired: new bugs'],
  ];
  for (const [kind, data, words] of cases) assert.equal(activityWords({ kind, data }), words, kind);
});

test('whatever the collector sends, it reads as text and never throws', () => {
  assert.equal(activityWords({ kind: 'merged', data: { issueIds: 'x' } }), 'merged issues into it');
  assert.equal(activityWords({ kind: 'assigned', data: { assignee: { a: 1 } } }), 'assigned it to {"a":1}');
  assert.equal(activityWords({ kind: 'from the future', data: {} }), 'from the future');
  assert.equal(activityWords({ kind: 'status', data: { status: '<b>x</b>' } }), 'set its status to <b>x</b>');
});
