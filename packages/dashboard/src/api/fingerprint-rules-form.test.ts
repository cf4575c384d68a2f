import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftFromRule, emptyDraft, moved, ruleFromDraft } from './fingerprint-rules-form.js';

test('a rule goes to the form and back unchanged; empty fields are left out', () => {
  const rule = {
    match: { type: 'Db*', function: 'acquire', tags: [{ key: 'region', value: 'eu-*' }] },
    fingerprint: ['{{ default }}', '{{ tags.region }}'],
    title: 'Database',
  };
  assert.deepEqual(ruleFromDraft(draftFromRule(rule)), rule);
  assert.deepEqual(ruleFromDraft({ ...emptyDraft(), message: ' *timeout* ', fingerprint: ' \n' }), {
    match: { message: '*timeout*' },
  });
  assert.deepEqual(ruleFromDraft({ ...emptyDraft(), tagKey: 'k' }).match, {
    tags: [{ key: 'k', value: '' }],
  });
});

test('moved reorders within the ends', () => {
  assert.deepEqual(moved(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moved(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(moved(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
});
