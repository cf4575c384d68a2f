/**
 * The digest email is made of each alert's own parts: every alert's headline, facts and link in
 * the text and in the HTML (escaped), and a subject counting them. Pure.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertFacts } from '../evaluate/alert-facts.js';
import { canonicalAlert } from './canonical-alert.js';
import { emailDigest } from './email-digest.js';
import { emailMessage } from './email-message.js';

const facts = (id: number, title: string): AlertFacts => ({
  type: 'alert.fired',
  rule: { id: 1, name: 'Mail the team' },
  project: { id: 1, name: 'shop' },
  trigger: { type: 'new-issue' },
  reason: 'new issue',
  firedAt: '2026-12-07T10:00:00.000Z',
  issue: {
    id,
    title,
    culprit: 'checkout',
    level: 'error',
    status: 'unresolved',
    count: id,
    usersAffected: 0,
    firstSeen: '2026-12-07T10:00:00.000Z',
    lastSeen: '2026-12-07T10:00:00.000Z',
  },
});
const alerts = [
  canonicalAlert(facts(7, 'TypeError: <b>x</b> is undefined'), new URL('https://faultline.example/')),
  canonicalAlert(facts(8, 'RangeError: too deep'), new URL('https://faultline.example/')),
];

test('a digest lists every alert with the parts of its own email', () => {
  const digest = emailDigest(alerts);
  assert.match(
    digest.subject,
    /^\[Faultline\] 2 alerts: New issue in shop: TypeError: <b>x<\/b> is undefined; New issue in shop: RangeError/,
  );
  for (const a of alerts) {
    const single = emailMessage(a);
    assert.ok(digest.text.includes(single.text.trim()), digest.text);
    const body = single.html.replace(/^<!doctype html><html><body>/, '').replace(/<\/body><\/html>$/, '');
    assert.ok(digest.html.includes(body), digest.html);
  }
  assert.ok(digest.html.includes('TypeError: &lt;b&gt;x&lt;/b&gt;'), 'event data stays text');
  assert.ok(!digest.html.includes('<b>x'), digest.html);
  assert.match(digest.text, /^2 alerts\n/);
});
