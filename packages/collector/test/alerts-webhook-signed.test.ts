/**
 * A thrown error ends as a signed webhook (issue 14 §2, §6): an event ingested over HTTP by a
 * real collector fires a new-issue rule, and the receiver on 127.0.0.1 gets the canonical alert,
 * signed as Standard Webhooks does, which the independent `standardwebhooks` package verifies.
 * The test notification goes through the same path, marked `alert.test`. Both engines.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { deliveryDeps } from '../src/alerts/alert-options.js';
import { sendTest } from '../src/alerts/deliver/send-test.js';
import type { WebhookChannel } from '../src/alerts/rules/rule-types.js';
import {
  eventually,
  uniqueMessage,
  useAlertCollector,
  useReceiver,
  verified,
  webhookRule,
} from './alerts-fixtures.js';

forEachEngine((engine) =>
  describe(`signed webhooks (${engine.name})`, () => {
    const c = useAlertCollector(engine);
    const receiver = useReceiver();

    test('a new issue fires once: the canonical alert, signed, verified independently, the attempt logged', async (t) => {
      const rule = await webhookRule(c, 'New errors', receiver.url);
      t.after(() => c.store.deleteAlertRule(rule.id));
      const secret = (rule.channels[0] as WebhookChannel).secret;
      const message = uniqueMessage('checkout failed');
      const eventId = await c.send({
        message,
        release: 'shop@1.2.3',
        environment: 'production',
        tags: { request_id: 'req-4711', route: '/checkout', category: 'dependency' },
        transaction: 'POST /checkout',
        contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } },
      });
      const [got] = await receiver.waitFor(1);
      const payload = verified(got!, secret) as Record<string, any>;
      assert.deepEqual(payload, got!.json, 'the signed body is the JSON that arrived');
      assert.match(String(got!.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
      assert.ok(Math.abs(Number(got!.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
      assert.match(String(got!.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
      assert.equal(got!.headers['content-type'], 'application/json');

      assert.equal(payload.type, 'alert.fired');
      assert.deepEqual(payload.rule, { id: rule.id, name: 'New errors' });
      assert.deepEqual(payload.project, { id: c.projectId, name: 'default' });
      assert.deepEqual(payload.trigger, { type: 'new-issue' });
      assert.equal(payload.issue.title, message);
      assert.equal(payload.issue.count, 1);
      assert.equal(payload.issue.url, `${c.collector.url}/issues/${payload.issue.id}`);
      assert.deepEqual(
        {
          id: payload.event.id,
          requestId: payload.event.requestId,
          release: payload.event.release,
          environment: payload.event.environment,
          traceId: payload.event.traceId,
          route: payload.event.route,
          category: payload.event.category,
        },
        {
          id: eventId,
          requestId: 'req-4711',
          release: 'shop@1.2.3',
          environment: 'production',
          traceId: 'a'.repeat(32),
          route: '/checkout',
          category: 'dependency',
        },
      );
      assert.equal(payload.url, `${c.collector.url}/issues/${payload.issue.id}?event=${eventId}`);

      const [notification] = await eventually(async () => {
        const rows = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
        return rows[0]?.state === 'delivered' ? rows : undefined;
      });
      assert.equal(notification?.webhookId, got!.headers['webhook-id']);
      const attempts = await c.store.listAlertAttempts(notification!.id);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.status, a.outcome, a.responseExcerpt, a.error]),
        [[1, 200, 'delivered', 'ok', null]],
      );
      const [evaluation] = await c.store.listAlertEvaluations({ ruleId: rule.id, limit: 5 });
      assert.equal(evaluation?.decision, 'fired');
      assert.equal(evaluation?.subject, `issue:${payload.issue.id}`);

      // A second event of the same issue is not a new issue: nothing more is sent.
      await c.send({ message });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.received.length, 1);
    });

    test('a tampered body or another secret fails verification (the check can fail)', async (t) => {
      const rule = await webhookRule(c, 'Tamper', receiver.url);
      t.after(() => c.store.deleteAlertRule(rule.id));
      const before = receiver.received.length;
      await c.send({ message: uniqueMessage('tamper') });
      const got = (await receiver.waitFor(before + 1))[before]!;
      const secret = (rule.channels[0] as WebhookChannel).secret;
      assert.doesNotThrow(() => verified(got, secret));
      assert.throws(() => verified({ ...got, body: got.body.replace('Tamper', 'Tamperd') }, secret));
      assert.throws(() => verified(got, `whsec_${Buffer.alloc(32, 1).toString('base64')}`));
    });

    test('sendTest: alert.test through the same renderer, signer, guard and delivery, logged', async (t) => {
      const rule = await c.rule({
        name: 'Test me',
        trigger: { type: 'frequency', count: 5, windowMinutes: 10 },
        channels: [
          { type: 'webhook', url: receiver.url },
          { type: 'webhook', url: 'http://169.254.169.254/latest/meta-data/' },
        ],
      });
      t.after(() => c.store.deleteAlertRule(rule.id));
      const deps = deliveryDeps(
        c.store,
        { webhookAllow: ['127.0.0.1'] },
        {
          publicUrl: new URL(c.collector.url),
          log: () => {},
          isStoreFailure: () => false,
        },
      );
      const before = receiver.received.length;
      const results = await sendTest(rule, deps);
      assert.deepEqual(
        results.map((r) => [r.channelId, r.outcome, r.status]),
        [
          [rule.channels[0]!.id, 'delivered', 200],
          [rule.channels[1]!.id, 'failed', null],
        ],
      );
      assert.match(results[1]!.error ?? '', /refused: 169\.254\.169\.254 is the cloud metadata service/);
      const got = receiver.received[before]!;
      const payload = verified(got, (rule.channels[0] as WebhookChannel).secret) as Record<string, any>;
      assert.equal(payload.type, 'alert.test');
      assert.deepEqual(payload.rule, { id: rule.id, name: 'Test me' });
      assert.deepEqual(payload.trigger, { type: 'frequency', count: 5, windowMinutes: 10 });
      assert.equal(payload.url, `${c.collector.url}/?project=${c.projectId}`);
      assert.equal(got.headers['webhook-id'], results[0]!.webhookId);
      const logged = await c.store.listAlertAttempts(results[1]!.notificationId);
      assert.equal(logged[0]?.outcome, 'failed');
      assert.equal(receiver.received.length, before + 1, 'the refused channel reached nothing');
    });
  }),
);
