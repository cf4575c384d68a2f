import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyChannel, emptyRuleForm, formFieldOf, formFromRule, ruleFromForm } from './alert-form.js';
import type { AlertRule } from './alert-types.js';

const stored: AlertRule = {
  id: 4,
  projectId: 1,
  name: 'Checkout bursts',
  trigger: { type: 'frequency', count: 10, windowMinutes: 5 },
  filters: { environment: 'production', level: 'error', tags: ['customer=acme', 'tier=gold'] },
  channels: [
    { id: 'ch_0123456789abcdef', type: 'webhook', url: 'https://ops.example.com/h', secret: 'whsec_AbCd…' },
    { id: 'ch_fedcba9876543210', type: 'email', to: ['a@example.com', 'b@example.com'] },
    { id: 'ch_00000000000000aa', type: 'pagerduty', routingKey: 'R0123456789abcdef0123456789abcde' },
  ],
  actionIntervalMinutes: 60,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

test('a stored rule → its form → the JSON sent back: the same rule, channels by id, no secret sent', () => {
  const form = formFromRule(stored);
  assert.equal(form.channels[0]?.maskedSecret, 'whsec_AbCd…');
  assert.equal(form.tags, 'customer=acme\ntier=gold');
  assert.deepEqual(ruleFromForm(form), {
    name: 'Checkout bursts',
    trigger: { type: 'frequency', count: 10, windowMinutes: 5 },
    filters: { environment: 'production', level: 'error', tags: ['customer=acme', 'tier=gold'] },
    channels: [
      { type: 'webhook', url: 'https://ops.example.com/h', id: 'ch_0123456789abcdef' },
      { type: 'email', to: ['a@example.com', 'b@example.com'], id: 'ch_fedcba9876543210' },
      { type: 'pagerduty', routingKey: 'R0123456789abcdef0123456789abcde', id: 'ch_00000000000000aa' },
    ],
    actionIntervalMinutes: 60,
  });
});

test('a new rule: blanks left out (the collector defaults them), text trimmed, only the chosen trigger fields', () => {
  const body = ruleFromForm({
    ...emptyRuleForm(),
    name: '  Slow routes ',
    triggerType: 'route-5xx-rate',
    threshold: '0.05',
    windowMinutes: '10',
    minRequests: '100',
    count: '99',
    environment: '  ',
    tags: '\n a=b \n\n',
    channels: [
      { ...emptyChannel('slack'), url: ' https://hooks.slack.com/x ' },
      { ...emptyChannel('email'), to: 'a@example.com, b@example.com\na@example.com' },
    ],
  });
  assert.deepEqual(body, {
    name: 'Slow routes',
    trigger: { type: 'route-5xx-rate', threshold: 0.05, windowMinutes: 10, minRequests: 100 },
    filters: { tags: ['a=b'] },
    channels: [
      { type: 'slack', url: 'https://hooks.slack.com/x' },
      { type: 'email', to: ['a@example.com', 'b@example.com'] },
    ],
  });
  for (const triggerType of ['new-issue', 'regression', 'slo-burn', 'frequency'] as const) {
    const form = { ...emptyRuleForm(), triggerType, objective: '0.999', count: '3', windowMinutes: '5' };
    assert.equal(formFromRule({ ...stored, trigger: ruleFromForm(form).trigger }).triggerType, triggerType);
  }
});

test('a number that does not read as one is sent as typed, for the collector to name the field', () => {
  const body = ruleFromForm({
    ...emptyRuleForm(),
    triggerType: 'frequency',
    count: 'ten',
    windowMinutes: '',
    actionIntervalMinutes: '1e9',
  });
  assert.deepEqual(body.trigger, { type: 'frequency', count: 'ten', windowMinutes: '' });
  assert.equal(body.actionIntervalMinutes, 1e9);
});

test("the collector's field goes beside its control; list items fold into their list", () => {
  assert.deepEqual(
    [
      'name',
      'trigger.count',
      'filters.tags[2]',
      'channels[1].to[0]',
      'channels[0].url',
      'channels',
      '',
      undefined,
      'trigger',
    ].map(formFieldOf),
    [
      'name',
      'trigger.count',
      'filters.tags',
      'channels[1].to',
      'channels[0].url',
      'form',
      'form',
      'form',
      'form',
    ],
  );
});
