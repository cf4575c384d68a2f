import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchersInWords, silenceEndInWords } from './silence-words.js';

test('matchers in words, in a fixed order', () => {
  assert.equal(
    matchersInWords({ environment: 'production', route: '/pay', ruleId: 7, issueId: 42, release: 'shop@2' }),
    'rule #7, issue #42, route /pay, release shop@2, environment production',
  );
  assert.equal(matchersInWords({ issueId: 1 }), 'issue #1');
});

test('when a silence ends: until a time, until resolved, or when it ended early', () => {
  const base = { endsAt: '2026-12-08T09:00:00.000Z', untilResolved: false, endedAt: null };
  assert.equal(silenceEndInWords(base, 'UTC'), 'until 8 Dec 2026, 09:00');
  assert.equal(
    silenceEndInWords({ endsAt: null, untilResolved: true, endedAt: null }, 'UTC'),
    'until the issue is resolved',
  );
  assert.equal(
    silenceEndInWords({ ...base, endedAt: '2026-12-07T10:15:00.000Z' }, 'UTC'),
    'ended 7 Dec 2026, 10:15',
  );
});
