import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  emptySilenceForm,
  muteBody,
  mutePresetOf,
  silenceFormFieldOf,
  silenceFromForm,
} from './silence-form.js';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');

test('a mute link names one of three presets; anything else mutes nothing', () => {
  assert.equal(mutePresetOf('1h'), '1h');
  assert.equal(mutePresetOf('24h'), '24h');
  assert.equal(mutePresetOf('untilResolved'), 'untilResolved');
  for (const v of [null, '', '1H', '7d', 'untilresolved', '1h ', 'constructor'])
    assert.equal(mutePresetOf(v), undefined, String(v));
});

test('a mute is an issue silence: 1 h and 24 h from now, or until resolved without an end', () => {
  assert.deepEqual(muteBody(42, '1h', NOW), {
    matchers: { issueId: 42 },
    endsAt: '2026-12-07T11:00:00.000Z',
  });
  assert.deepEqual(muteBody(42, '24h', NOW), {
    matchers: { issueId: 42 },
    endsAt: '2026-12-08T10:00:00.000Z',
  });
  assert.deepEqual(muteBody(42, 'untilResolved', NOW), { matchers: { issueId: 42 }, untilResolved: true });
});

test('the form sends the matchers set, trimmed, ids as numbers; a preset ends from now', () => {
  const body = silenceFromForm(
    { ...emptySilenceForm(), ruleId: ' 7 ', route: ' /pay ', environment: 'production', comment: ' deploy ' },
    NOW,
  );
  assert.deepEqual(body, {
    matchers: { ruleId: 7, route: '/pay', environment: 'production' },
    endsAt: '2026-12-07T11:00:00.000Z',
    comment: 'deploy',
  });
  assert.deepEqual(silenceFromForm({ ...emptySilenceForm(), issueId: '3', duration: 'untilResolved' }, NOW), {
    matchers: { issueId: 3 },
    untilResolved: true,
  });
});

test('what does not read is sent as typed, for the collector to name the field', () => {
  const body = silenceFromForm(
    { ...emptySilenceForm(), ruleId: 'seven', duration: 'custom', endsAt: 'soon' },
    NOW,
  );
  assert.deepEqual(body, { matchers: { ruleId: 'seven' }, endsAt: 'soon' });
  assert.deepEqual(silenceFromForm(emptySilenceForm(), NOW).matchers, {});
  // A picked local date-time goes out as an instant.
  const custom = silenceFromForm(
    { ...emptySilenceForm(), release: 'a', duration: 'custom', endsAt: '2026-12-09T08:30' },
    NOW,
  );
  assert.ok('endsAt' in custom);
  assert.equal(custom.endsAt, new Date('2026-12-09T08:30').toISOString());
});

test("the collector's field lands on the form, or at its top", () => {
  assert.equal(silenceFormFieldOf('matchers.issueId'), 'matchers.issueId');
  assert.equal(silenceFormFieldOf('matchers'), 'matchers');
  assert.equal(silenceFormFieldOf('endsAt'), 'endsAt');
  assert.equal(silenceFormFieldOf('untilResolved'), 'duration');
  assert.equal(silenceFormFieldOf(''), 'form');
  assert.equal(silenceFormFieldOf('matchers.other'), 'form');
  assert.equal(silenceFormFieldOf(undefined), 'form');
});
