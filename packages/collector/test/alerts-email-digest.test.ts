/**
 * Email digests (issue 14 §2): per recipient set, the first alert email after a quiet spell goes
 * at once; later ones within the digest interval are held in the outbox and go as ONE digest
 * once the interval since the last email has passed, each held notification logging the
 * digest's attempt. Another recipient set is not held by the first; a test notification is never
 * held; a restart between holding and sending still sends the digest. Real SMTP, both engines.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import { type SmtpRelay, startSmtpRelay } from '@faultline/test-support/alert-peers';
import { simpleParser } from 'mailparser';
import type { AlertOptions } from '../src/alerts/alert-options.js';
import { type AlertCollector, alertCollector, eventually, uniqueMessage } from './alerts-fixtures.js';

/** Short enough for a test, long enough that "held" and "sent at once" cannot be confused on a
 * loaded machine. */
const INTERVAL_MS = 3_000;
/** Where a test asserts that something was NOT held: the margin is the whole interval. */
const LONG_INTERVAL_MS = 20_000;
const ADMIN_TOKEN = 'digest-admin-token';

forEachEngine((engine) =>
  describe(`email digests (${engine.name})`, () => {
    let relay: SmtpRelay;
    const handles: EngineHandle[] = [];
    const collectors: AlertCollector[] = [];

    before(async () => {
      relay = await startSmtpRelay({ username: 'alerts', password: 'pw' });
    });
    after(async () => {
      // One was closed by its test (the restart): closing it again must not hide the others.
      for (const c of collectors) await c.close().catch(() => undefined);
      for (const h of handles) await h.dispose();
      await relay?.close();
    });

    const options = (intervalMs: number, password = 'pw'): AlertOptions => ({
      smtpUrl: relay.url('alerts', password),
      smtpFrom: 'Faultline <alerts@faultline.example>',
      publicUrl: 'https://faultline.example/',
      emailDigestIntervalMs: intervalMs,
    });
    const start = async (handle?: EngineHandle, intervalMs = INTERVAL_MS, extra: AlertOptions = {}) => {
      const h = handle ?? (await engine.open());
      if (handle === undefined) handles.push(h);
      const c = await alertCollector(h, { ...options(intervalMs), ...extra }, ADMIN_TOKEN);
      collectors.push(c);
      return { c, handle: h };
    };
    const mailsTo = (address: string) =>
      relay.mails.filter((m) => m.to.some((to) => to.toLowerCase() === address));
    const mailTo = (address: string, count: number) =>
      eventually(async () => mailsTo(address)[count - 1], 20_000, `email ${count} to ${address}`);
    const emailRule = (c: AlertCollector, name: string, to: string[]) =>
      c.rule({ name, trigger: { type: 'new-issue' }, channels: [{ type: 'email', to }] });
    /** Notifications of a rule once `count` of them are held: pending, never attempted. */
    const held = (c: AlertCollector, ruleId: number, count: number) =>
      eventually(
        async () => {
          const rows = await c.store.listAlertNotifications({ ruleId, state: 'pending', limit: 10 });
          const fresh = rows.filter((r) => r.attempts === 0);
          return fresh.length === count ? fresh : undefined;
        },
        20_000,
        `${count} held notifications`,
      );

    test('the first email goes at once, the next two as one digest after the interval', async () => {
      const { c } = await start();
      const rule = await emailRule(c, 'Digest me', ['Ops@Example.com', 'dev@example.com']);
      const first = uniqueMessage('first failure');
      // The slot is taken after this, so a digest that waited for the interval arrives after
      // sentAt + INTERVAL_MS, however slow the first email was.
      const sentAt = Date.now();
      await c.send({ message: first });
      const one = await mailTo('ops@example.com', 1);
      assert.ok(one.raw.includes(first));

      const second = uniqueMessage('second failure');
      const third = uniqueMessage('third failure');
      await c.send({ message: second });
      await c.send({ message: third });
      await held(c, rule.id, 2);
      assert.equal(mailsTo('ops@example.com').length, 1, 'the later alerts are held, not sent');

      const digest = await mailTo('ops@example.com', 2);
      assert.ok(
        digest.at - sentAt >= INTERVAL_MS,
        `the digest waited for the interval: ${digest.at - sentAt} ms`,
      );
      assert.deepEqual(
        digest.to.map((to) => to.toLowerCase()),
        ['ops@example.com', 'dev@example.com'],
      );
      const parsed = await simpleParser(digest.raw);
      assert.match(parsed.subject ?? '', /^\[Faultline\] 2 alerts: New issue in default: /);
      const text = parsed.text ?? '';
      const html = String(parsed.html);
      for (const message of [second, third]) {
        assert.ok(text.includes(message), text);
        assert.ok(html.includes(message), html);
      }
      assert.ok(!text.includes(first), 'the first alert is not sent again');
      assert.equal((text.match(/https:\/\/faultline\.example\/issues\/\d+\?event=/g) ?? []).length, 2, text);

      // Settled rows, then a quiet wait: nothing more goes to the recipients.
      const rows = await eventually(async () => {
        const all = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 10 });
        return all.length === 3 && all.every((r) => r.state === 'delivered') ? all : undefined;
      });
      const attempts = await Promise.all(
        rows.filter((r) => !r.payload.includes(first)).map((r) => c.store.listAlertAttempts(r.id)),
      );
      assert.equal(attempts.length, 2);
      for (const log of attempts) {
        assert.equal(log.length, 1, 'one attempt each: holding is no attempt');
        assert.equal(log[0]?.status, 250);
        assert.equal(log[0]?.outcome, 'delivered');
      }
      assert.equal(attempts[0]?.[0]?.latencyMs, attempts[1]?.[0]?.latencyMs, 'the digest’s one attempt');
      await new Promise((r) => setTimeout(r, INTERVAL_MS + 500));
      assert.equal(mailsTo('ops@example.com').length, 2, 'exactly one digest');
    });

    test('another recipient set is not held by the first, and a test notification never is', async () => {
      const { c } = await start(undefined, LONG_INTERVAL_MS);
      const a = await emailRule(c, 'To A', ['a@example.com']);
      await c.send({ message: uniqueMessage('for a') });
      const firstToA = await mailTo('a@example.com', 1);

      await emailRule(c, 'To B', ['b@example.com']);
      const both = uniqueMessage('for a and b');
      await c.send({ message: both });
      const toB = await mailTo('b@example.com', 1);
      assert.ok(toB.raw.includes(both));
      assert.ok(toB.at - firstToA.at < LONG_INTERVAL_MS, 'b was not held');
      await held(c, a.id, 1);

      const tested = await fetch(`${c.collector.url}/api/v1/alert-rules/${a.id}/test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      assert.equal(tested.status, 200, await tested.text());
      const testMail = mailsTo('a@example.com')[1];
      assert.ok(testMail !== undefined, 'the test notification went at once');
      assert.match((await simpleParser(testMail.raw)).subject ?? '', /Test notification/);
      assert.ok(testMail.at - firstToA.at < LONG_INTERVAL_MS, 'within the interval: not held');
      await held(c, a.id, 1);
    });

    test('a failed digest logs its attempt on each notification, due again together', async () => {
      // A refused login is retried; a long schedule keeps the retries out of the test.
      const { c } = await start(undefined, INTERVAL_MS, {
        smtpUrl: relay.url('alerts', 'wrong'),
        retryScale: 100,
      });
      const rule = await emailRule(c, 'Digest refused', ['f@example.com']);
      await c.send({ message: uniqueMessage('first refused') });
      await eventually(async () => {
        const [row] = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
        return row !== undefined && row.attempts === 1 ? row : undefined;
      });
      await c.send({ message: uniqueMessage('digest refused one') });
      await c.send({ message: uniqueMessage('digest refused two') });
      await held(c, rule.id, 2);
      const digested = await eventually(
        async () => {
          const rows = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
          return rows.length === 3 && rows.every((r) => r.attempts === 1) ? rows.slice(0, 2) : undefined;
        },
        20_000,
        'the digest attempt',
      );
      for (const row of digested) {
        assert.equal(row.state, 'pending', 'retried later');
        const [attempt, ...more] = await c.store.listAlertAttempts(row.id);
        assert.equal(more.length, 0);
        assert.equal(attempt?.status, 535);
        assert.equal(attempt?.outcome, 'retry');
      }
      assert.equal(digested[0]?.nextAttemptAt, digested[1]?.nextAttemptAt, 'due again together');
      assert.equal(mailsTo('f@example.com').length, 0);
    });

    test('a restart between holding and sending still sends the digest', async () => {
      const { c, handle } = await start();
      const rule = await emailRule(c, 'Survives a restart', ['r@example.com']);
      await c.send({ message: uniqueMessage('before the restart') });
      await mailTo('r@example.com', 1);
      const x = uniqueMessage('held one');
      const y = uniqueMessage('held two');
      await c.send({ message: x });
      await c.send({ message: y });
      await held(c, rule.id, 2);
      await c.close();

      await start(handle);
      const digest = await mailTo('r@example.com', 2);
      const parsed = await simpleParser(digest.raw);
      assert.match(parsed.subject ?? '', /^\[Faultline\] 2 alerts: /);
      assert.ok((parsed.text ?? '').includes(x) && (parsed.text ?? '').includes(y), parsed.text);
    });
  }),
);
