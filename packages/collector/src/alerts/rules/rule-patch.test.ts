import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectId } from '../../store/ids.js';
import { AlertRuleError } from './alert-rule-error.js';
import { parseAlertRule } from './parse-rule.js';
import { maskedSecret } from './public-rule.js';
import { ruleJson } from './rule-json.js';
import { patchAlertRule } from './rule-patch.js';
import type { AlertRule, WebhookChannel } from './rule-types.js';

const stored: AlertRule = {
  ...parseAlertRule({
    name: 'Payments',
    trigger: { type: 'frequency', count: 5, windowMinutes: 10 },
    filters: { environment: 'production', tags: ['team=payments'] },
    channels: [
      { type: 'webhook', url: 'https://hooks.example.com/a' },
      { type: 'email', to: ['ops@example.com'] },
    ],
  }),
  id: 7,
  projectId: 1 as ProjectId,
  createdAt: 0,
  updatedAt: 0,
};
const hook = stored.channels[0] as WebhookChannel & { id: string };

test('a stored rule read back as JSON parses to the same rule (tags as key=value)', () => {
  assert.deepEqual(ruleJson(stored).filters, { environment: 'production', tags: ['team=payments'] });
  const again = parseAlertRule(ruleJson(stored));
  assert.deepEqual(again, { ...ruleJson(stored), filters: stored.filters, channels: stored.channels });
});

test('the fields given replace the stored ones; the rest, ids and secrets stay', () => {
  const { rule, newSecrets } = patchAlertRule(stored, { name: 'Renamed', actionIntervalMinutes: 5 });
  assert.equal(rule.name, 'Renamed');
  assert.equal(rule.actionIntervalMinutes, 5);
  assert.deepEqual(
    [rule.trigger, rule.filters, rule.channels],
    [stored.trigger, stored.filters, stored.channels],
  );
  assert.equal(newSecrets.size, 0);
});

test('a channel sent back masked, without its secret or with its disabled mark keeps its secret', () => {
  const disabled = { ...hook, disabled: { at: 1, reason: 'HTTP 410 Gone' } };
  for (const channel of [
    { ...hook, secret: maskedSecret(hook.secret) },
    { ...hook, secret: undefined },
    disabled,
  ]) {
    const { rule, newSecrets } = patchAlertRule({ ...stored, channels: [disabled] }, { channels: [channel] });
    assert.deepEqual(rule.channels, [{ type: 'webhook', url: hook.url, secret: hook.secret, id: hook.id }]);
    assert.equal(newSecrets.size, 0);
  }
});

test('a given secret and a new channel are new secrets; a masked secret never moves to another channel', () => {
  const given = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const { rule, newSecrets } = patchAlertRule(stored, {
    channels: [
      { id: hook.id, type: 'webhook', url: hook.url, secret: given },
      { type: 'webhook', url: 'https://hooks.example.com/b' },
    ],
  });
  const [kept, added] = rule.channels as (WebhookChannel & { id: string })[];
  assert.equal(kept?.secret, given);
  assert.notEqual(added?.id, hook.id);
  assert.match(added?.secret ?? '', /^whsec_/);
  assert.deepEqual([...newSecrets], [hook.id, added?.id]);

  assert.throws(
    () =>
      patchAlertRule(stored, {
        channels: [
          { type: 'webhook', url: 'https://hooks.example.com/b', secret: maskedSecret(hook.secret) },
        ],
      }),
    (e: unknown) => e instanceof AlertRuleError && e.field === 'channels[0].secret',
  );
});

test('the merged rule is validated whole: a wrong or unknown field is an AlertRuleError naming it', () => {
  const cases: [unknown, string][] = [
    [{ trigger: { type: 'frequency', count: 5 } }, 'trigger.windowMinutes'],
    [{ channels: [] }, 'channels'],
    [{ id: 8 }, 'id'],
    [[], ''],
    [null, ''],
  ];
  for (const [patch, field] of cases)
    assert.throws(
      () => patchAlertRule(stored, patch),
      (e: unknown) => e instanceof AlertRuleError && e.field === field,
      JSON.stringify(patch),
    );
});
