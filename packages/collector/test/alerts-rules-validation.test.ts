/**
 * parseAlertRule (issue 14 §1, §2): every trigger, filter and channel the issue lists is
 * accepted in its documented shape, and anything else is refused with an AlertRuleError whose
 * message names the field (the later API answers it 400 as is).
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFaultlineError } from '@faultline/core';
import { AlertRuleError } from '../src/alerts/rules/alert-rule-error.js';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import { publicAlertRule } from '../src/alerts/rules/public-rule.js';
import { webhookKey } from '../src/alerts/rules/webhook-secret.js';
import {
  DEFAULT_ACTION_INTERVAL_MINUTES,
  MAX_ACTION_INTERVAL_MINUTES,
  MAX_ALERT_CHANNELS_PER_RULE,
  MAX_ALERT_RULE_NAME_LENGTH,
  MAX_EMAIL_RECIPIENTS,
  MAX_FREQUENCY_COUNT,
  MAX_OUTBOUND_URL_LENGTH,
  WEBHOOK_SECRET_BYTES,
} from '../src/limits.js';

const hook = { type: 'webhook', url: 'https://ops.example.com/faultline' };
const base = { name: 'New 500s', trigger: { type: 'new-issue' }, channels: [hook] };

/** The AlertRuleError `input` throws: its field and message. */
function refusal(input: unknown): { field: string; message: string } {
  try {
    parseAlertRule(input);
  } catch (error) {
    assert.ok(error instanceof AlertRuleError, `an AlertRuleError, not ${String(error)}`);
    assert.ok(isFaultlineError(error) && error.code === 'FL_ALERT_RULE');
    return { field: error.field, message: error.message };
  }
  assert.fail(`accepted ${JSON.stringify(input)}`);
}

describe('accepted rules', () => {
  test('the smallest rule: defaults filled in, a webhook secret and channel ids generated', () => {
    const rule = parseAlertRule(base);
    assert.equal(rule.name, 'New 500s');
    assert.deepEqual(rule.trigger, { type: 'new-issue' });
    assert.deepEqual(rule.filters, {});
    assert.equal(rule.actionIntervalMinutes, DEFAULT_ACTION_INTERVAL_MINUTES);
    const [channel] = rule.channels;
    assert.equal(channel?.type, 'webhook');
    assert.match(channel?.id ?? '', /^ch_[0-9a-f]{16}$/);
    if (channel?.type !== 'webhook') throw new Error('webhook expected');
    assert.match(channel.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    assert.equal(webhookKey(channel.secret)?.length, WEBHOOK_SECRET_BYTES);
    assert.notEqual(
      (parseAlertRule(base).channels[0] as { secret: string }).secret,
      channel.secret,
      'a secret is random per rule',
    );
  });

  test('all five triggers in their documented shapes', () => {
    const triggers = [
      { type: 'new-issue' },
      { type: 'regression' },
      { type: 'frequency', count: 10, windowMinutes: 5 },
      { type: 'route-5xx-rate', threshold: 0.05, windowMinutes: 10, minRequests: 50 },
      { type: 'slo-burn', objective: 0.999 },
    ];
    for (const trigger of triggers) assert.deepEqual(parseAlertRule({ ...base, trigger }).trigger, trigger);
  });

  test('every filter, and every channel type', () => {
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const rule = parseAlertRule({
      ...base,
      filters: {
        environment: 'production',
        release: 'shop@1.2.3',
        route: 'GET /users/:id',
        level: 'error',
        category: 'dependency',
        tags: ['customer=acme', ' region = eu-west-1 '],
      },
      channels: [
        { type: 'webhook', url: 'https://ops.example.com/a', secret },
        { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' },
        { type: 'discord', url: 'https://discord.com/api/webhooks/1/abc' },
        { type: 'pagerduty', routingKey: 'R0123456789abcdefABCDEF012345678' },
        { type: 'email', to: ['ops@example.com', ' dev@example.com', 'ops@example.com'] },
      ],
      actionIntervalMinutes: 60,
    });
    assert.deepEqual(rule.filters.tags, [
      { key: 'customer', value: 'acme' },
      { key: 'region', value: 'eu-west-1' },
    ]);
    assert.equal(rule.filters.level, 'error');
    assert.deepEqual(
      rule.channels.map((c) => c.type),
      ['webhook', 'slack', 'discord', 'pagerduty', 'email'],
    );
    assert.equal((rule.channels[0] as { secret: string }).secret, secret, 'a given secret is kept');
    assert.deepEqual((rule.channels[4] as { to: string[] }).to, ['ops@example.com', 'dev@example.com']);
    assert.equal(rule.actionIntervalMinutes, 60);
    assert.equal(new Set(rule.channels.map((c) => c.id)).size, 5, 'each channel has its own id');
  });

  test('a channel id given back (an update) is kept', () => {
    const id = 'ch_0123456789abcdef';
    assert.equal(parseAlertRule({ ...base, channels: [{ ...hook, id }] }).channels[0]?.id, id);
  });

  test('publicAlertRule shows a webhook secret only by its first characters', () => {
    const rule = { ...parseAlertRule(base), id: 1, projectId: 1 as never, createdAt: 0, updatedAt: 0 };
    const secret = (rule.channels[0] as { secret: string }).secret;
    const shown = (publicAlertRule(rule).channels[0] as { secret: string }).secret;
    assert.ok(secret.startsWith(shown.slice(0, -1)) && shown.endsWith('…') && shown.length < 16, shown);
  });
});

describe('refused rules name the field', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', [1], '', /a rule is a JSON object, not an array/],
    ['unknown top-level key', { ...base, actionInterval: 5 }, 'actionInterval', /not a field here/],
    ['no name', { ...base, name: undefined }, 'name', /name is a string, not a undefined/],
    ['blank name', { ...base, name: '   ' }, 'name', /1 to 200 characters/],
    ['long name', { ...base, name: 'x'.repeat(MAX_ALERT_RULE_NAME_LENGTH + 1) }, 'name', /got 201/],
    ['a line break in the name', { ...base, name: 'a\nb' }, 'name', /control characters/],
    [
      'unknown trigger',
      { ...base, trigger: { type: 'sometimes' } },
      'trigger.type',
      /one of new-issue, regression/,
    ],
    ['no trigger', { ...base, trigger: undefined }, 'trigger', /trigger is a JSON object/],
    [
      'extra trigger field',
      { ...base, trigger: { type: 'new-issue', count: 1 } },
      'trigger.count',
      /not a field/,
    ],
    [
      'count 0',
      { ...base, trigger: { type: 'frequency', count: 0, windowMinutes: 5 } },
      'trigger.count',
      /1 to 1000, not 0/,
    ],
    [
      'count past the bound',
      { ...base, trigger: { type: 'frequency', count: MAX_FREQUENCY_COUNT + 1, windowMinutes: 5 } },
      'trigger.count',
      /integer from 1 to 1000/,
    ],
    [
      'fractional window',
      { ...base, trigger: { type: 'frequency', count: 3, windowMinutes: 2.5 } },
      'trigger.windowMinutes',
      /integer/,
    ],
    [
      'misspelt window',
      { ...base, trigger: { type: 'frequency', count: 3, windowMinute: 5 } },
      'trigger.windowMinute',
      /not a field/,
    ],
    [
      'threshold 0',
      { ...base, trigger: { type: 'route-5xx-rate', threshold: 0, windowMinutes: 5, minRequests: 10 } },
      'trigger.threshold',
      /above 0 to 1/,
    ],
    [
      'threshold as a percentage',
      { ...base, trigger: { type: 'route-5xx-rate', threshold: 5, windowMinutes: 5, minRequests: 10 } },
      'trigger.threshold',
      /not 5/,
    ],
    [
      'no minRequests',
      { ...base, trigger: { type: 'route-5xx-rate', threshold: 0.1, windowMinutes: 5 } },
      'trigger.minRequests',
      /integer/,
    ],
    [
      'objective 1',
      { ...base, trigger: { type: 'slo-burn', objective: 1 } },
      'trigger.objective',
      /0.5 to 0.99999/,
    ],
    ['unknown filter', { ...base, filters: { env: 'prod' } }, 'filters.env', /environment, release/],
    [
      'level',
      { ...base, filters: { level: 'critical' } },
      'filters.level',
      /fatal, error, warning, info, debug/,
    ],
    ['category', { ...base, filters: { category: 'bugs' } }, 'filters.category', /one of client, bug/],
    ['tag without =', { ...base, filters: { tags: ['customer'] } }, 'filters.tags[0]', /"key=value"/],
    [
      'tag without value',
      { ...base, filters: { tags: ['a=b', 'customer='] } },
      'filters.tags[1]',
      /"key=value"/,
    ],
    ['no channels', { ...base, channels: [] }, 'channels', /1 to 10 items \(got 0\)/],
    [
      'too many channels',
      { ...base, channels: Array.from({ length: MAX_ALERT_CHANNELS_PER_RULE + 1 }, () => hook) },
      'channels',
      /got 11/,
    ],
    [
      'unknown channel',
      { ...base, channels: [hook, { type: 'teams', url: 'https://x.example' }] },
      'channels[1].type',
      /webhook, slack/,
    ],
    ['webhook without url', { ...base, channels: [{ type: 'webhook' }] }, 'channels[0].url', /is a string/],
    [
      'ftp url',
      { ...base, channels: [{ type: 'webhook', url: 'ftp://x.example/' }] },
      'channels[0].url',
      /http or https/,
    ],
    [
      'credentials in the url',
      { ...base, channels: [{ type: 'slack', url: 'https://u:p@hooks.example.com/' }] },
      'channels[0].url',
      /credentials/,
    ],
    [
      'a tab the URL parser would drop',
      { ...base, channels: [{ type: 'discord', url: 'https://discord.com/api/web\thooks/1' }] },
      'channels[0].url',
      /printable ASCII/,
    ],
    [
      'long url',
      {
        ...base,
        channels: [{ type: 'webhook', url: `https://x.example/${'a'.repeat(MAX_OUTBOUND_URL_LENGTH)}` }],
      },
      'channels[0].url',
      /longer than 2048/,
    ],
    [
      'secret without the prefix',
      { ...base, channels: [{ ...hook, secret: Buffer.alloc(32).toString('base64') }] },
      'channels[0].secret',
      /whsec_/,
    ],
    [
      'secret too short',
      { ...base, channels: [{ ...hook, secret: `whsec_${Buffer.alloc(16).toString('base64')}` }] },
      'channels[0].secret',
      /24 to 64/,
    ],
    [
      'slack with a secret',
      { ...base, channels: [{ type: 'slack', url: 'https://x.example/', secret: 's' }] },
      'channels[0].secret',
      /not a field/,
    ],
    [
      'routing key',
      { ...base, channels: [{ type: 'pagerduty', routingKey: 'short' }] },
      'channels[0].routingKey',
      /32-character/,
    ],
    ['no recipients', { ...base, channels: [{ type: 'email', to: [] }] }, 'channels[0].to', /1 to 20 items/],
    [
      'too many recipients',
      {
        ...base,
        channels: [
          {
            type: 'email',
            to: Array.from({ length: MAX_EMAIL_RECIPIENTS + 1 }, (_, i) => `a${i}@x.example`),
          },
        ],
      },
      'channels[0].to',
      /got 21/,
    ],
    [
      'a bad address',
      { ...base, channels: [{ type: 'email', to: ['ops@example.com', 'ops'] }] },
      'channels[0].to[1]',
      /email address/,
    ],
    [
      'an address that would inject a header',
      { ...base, channels: [{ type: 'email', to: ['ops@example.com\r\nBcc: all@example.com'] }] },
      'channels[0].to[0]',
      /email address/,
    ],
    [
      'foreign channel id',
      { ...base, channels: [{ ...hook, id: 'mine' }] },
      'channels[0].id',
      /ch_ and 16 hex/,
    ],
    [
      'one id twice',
      {
        ...base,
        channels: [
          { ...hook, id: 'ch_0123456789abcdef' },
          { ...hook, id: 'ch_0123456789abcdef' },
        ],
      },
      'channels[1].id',
      /used by an earlier channel/,
    ],
    ['interval 0', { ...base, actionIntervalMinutes: 0 }, 'actionIntervalMinutes', /1 to 43200, not 0/],
    [
      'interval past 30 days',
      { ...base, actionIntervalMinutes: MAX_ACTION_INTERVAL_MINUTES + 1 },
      'actionIntervalMinutes',
      /1 to 43200/,
    ],
    ['interval as text', { ...base, actionIntervalMinutes: '30' }, 'actionIntervalMinutes', /not a string/],
  ];
  for (const [what, input, field, message] of cases) {
    test(what, () => {
      const got = refusal(input);
      assert.equal(got.field, field);
      assert.match(got.message, message);
      if (field !== '')
        assert.ok(got.message.startsWith(field), `the message starts with the field: ${got.message}`);
    });
  }
});
