/**
 * "Mute for 1 h / 24 h / until resolved" links (issue 14 §4) in every notification of an issue:
 * the webhook body's `mute`, Slack buttons and text, a Discord field, the email's text and HTML;
 * none on a test notification (nothing fired, nothing to mute). The renderers are the ones
 * delivery runs; the webhook body as a receiver gets it is checked in alerts-silences.test.ts.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertFacts } from '../src/alerts/evaluate/alert-facts.js';
import { plainText } from '../src/alerts/render/alert-text.js';
import { canonicalAlert } from '../src/alerts/render/canonical-alert.js';
import { discordMessage } from '../src/alerts/render/discord-message.js';
import { emailMessage } from '../src/alerts/render/email-message.js';
import { slackMessage } from '../src/alerts/render/slack-message.js';

const PUBLIC_URL = new URL('https://faultline.example.com/');
const ISSUE_URL = 'https://faultline.example.com/issues/42';
const MUTE = {
  '1h': `${ISSUE_URL}?mute=1h`,
  '24h': `${ISSUE_URL}?mute=24h`,
  untilResolved: `${ISSUE_URL}?mute=untilResolved`,
};

const fired: AlertFacts = {
  type: 'alert.fired',
  rule: { id: 3, name: 'New errors' },
  project: { id: 1, name: 'shop' },
  trigger: { type: 'new-issue' },
  reason: 'new issue',
  firedAt: '2026-12-07T09:00:00.000Z',
  issue: {
    id: 42,
    title: 'TypeError: x is undefined',
    culprit: 'checkout',
    level: 'error',
    status: 'unresolved',
    count: 1,
    usersAffected: 0,
    firstSeen: '2026-12-07T09:00:00.000Z',
    lastSeen: '2026-12-07T09:00:00.000Z',
  },
};

test('a fired issue alert carries the three mute links in every channel', () => {
  const alert = canonicalAlert(fired, PUBLIC_URL);
  assert.deepEqual(alert.mute, MUTE, 'the webhook body');
  const text = plainText(alert);
  for (const line of [
    `Mute for 1 h: ${MUTE['1h']}`,
    `Mute for 24 h: ${MUTE['24h']}`,
    `Mute until resolved: ${MUTE.untilResolved}`,
  ])
    assert.ok(text.split('\n').includes(line), `plain text has ${line}`);

  const slack = slackMessage(alert);
  const actions = slack.blocks.find((b: any) => b.type === 'actions') as any;
  assert.deepEqual(
    actions.elements.map((e: any) => [e.text.text, e.url]),
    [
      ['Open in Faultline', alert.url],
      ['Mute for 1 h', MUTE['1h']],
      ['Mute for 24 h', MUTE['24h']],
      ['Mute until resolved', MUTE.untilResolved],
    ],
  );
  assert.ok(slack.text.includes(`Mute for 24 h: ${MUTE['24h']}`), 'the Slack fallback text');

  const mute = discordMessage(alert).embeds[0]!.fields.find((f) => f.name === 'Mute');
  assert.equal(
    mute?.value,
    `[Mute for 1 h](${MUTE['1h']}) · [Mute for 24 h](${MUTE['24h']}) · [Mute until resolved](${MUTE.untilResolved})`,
  );

  const email = emailMessage(alert);
  assert.ok(email.text.includes(`Mute until resolved: ${MUTE.untilResolved}`));
  assert.ok(email.html.includes(`<a href="${MUTE.untilResolved}">Mute until resolved</a>`));
});

test('a test notification carries no mute link', () => {
  const { issue: _issue, ...rest } = fired;
  const alert = canonicalAlert({ ...rest, type: 'alert.test', reason: 'test notification' }, PUBLIC_URL);
  assert.equal(alert.mute, undefined);
  assert.ok(!plainText(alert).includes('Mute'));
  assert.ok(!emailMessage(alert).html.includes('mute='));
});
