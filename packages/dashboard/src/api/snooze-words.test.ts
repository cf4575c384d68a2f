import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SNOOZE_PRESETS, snoozeInWords, snoozePreset, unignoredInWords } from './snooze-words.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

test('every preset asks for the condition its label names; forever asks for none', () => {
  assert.deepEqual(
    SNOOZE_PRESETS.map((p) => snoozePreset(p).condition),
    [
      undefined,
      { minutes: 30 },
      { minutes: 60 },
      { minutes: 1440 },
      { count: 10 },
      { count: 100 },
      { users: 10 },
      { escalating: true },
    ],
  );
});

test('the active snooze in words: what is left of it', () => {
  const ignored = { status: 'ignored' as const, snoozeEndsAt: null, snoozeRemaining: null };
  assert.equal(snoozeInWords({ ...ignored, ignoreUntil: null }), 'Ignored forever');
  assert.equal(
    snoozeInWords({ ...ignored, ignoreUntil: { count: 10 }, snoozeRemaining: 1 }),
    'Ignored until 1 more event',
  );
  assert.equal(
    snoozeInWords({ ...ignored, ignoreUntil: { users: 10 }, snoozeRemaining: 7 }),
    'Ignored until 7 more users',
  );
  assert.equal(
    snoozeInWords({ ...ignored, ignoreUntil: { escalating: true } }),
    'Ignored until it escalates',
  );
  assert.equal(
    snoozeInWords({ ...ignored, ignoreUntil: { minutes: 30 }, snoozeEndsAt: '2026-01-01T12:30:00Z' }, NOW),
    'Ignored until 2026-01-01T12:30:00Z (in 30 minutes)',
  );
  assert.equal(snoozeInWords({ ...ignored, status: 'unresolved', ignoreUntil: null }), undefined);
});

test('why it came back, in words; nothing when it did not', () => {
  assert.equal(
    unignoredInWords({ unignoredReason: 'count', unignoredAt: '2026-01-01T11:55:00Z' }, NOW),
    'Back from a snooze: the events it was snoozed for arrived (5 minutes ago)',
  );
  assert.match(unignoredInWords({ unignoredReason: 'escalating', unignoredAt: null }) ?? '', /escalated/);
  assert.equal(unignoredInWords({ unignoredReason: null, unignoredAt: null }), undefined);
});
