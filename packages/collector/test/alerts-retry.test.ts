/**
 * Delivery that loses nothing (issue 14 §3, §6): a receiver that answers 503 for a while is
 * retried on the (scaled) Standard Webhooks schedule with the same webhook-id until it answers
 * 2xx; a Retry-After is honoured over the schedule; 410 Gone disables the channel, after which the
 * rule records that it has nowhere to send. Every attempt is logged. Both engines.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import type { WebhookChannel } from '../src/alerts/rules/rule-types.js';
import { ALERT_RETRY_JITTER, ALERT_RETRY_SCHEDULE_S } from '../src/limits.js';
import type { AlertNotification } from '../src/store/alert-records.js';
import {
  caseRule,
  eventually,
  type Receiver,
  uniqueMessage,
  useAlertCollector,
  useReceivers,
  verified,
} from './alerts-fixtures.js';

/** The schedule at 1 %: 50 ms, then 3 s. */
const SCALE = 0.01;
const scheduledMs = (retry: number) => (ALERT_RETRY_SCHEDULE_S[retry] as number) * 1000 * SCALE;
/** The earliest a jittered retry may come. */
const earliestMs = (retry: number) => scheduledMs(retry) * (1 - ALERT_RETRY_JITTER);

forEachEngine((engine) =>
  describe(`retries (${engine.name})`, () => {
    const c = useAlertCollector(engine, () => ({ retryScale: SCALE }));
    const newReceiver = useReceivers();

    /** A rule of its own (filtered on tag case=<name>) to a receiver of its own. */
    const setup = async (name: string, answer: Receiver['answer']) => {
      const receiver = await newReceiver();
      receiver.answer = answer;
      const rule = await caseRule(c, name, receiver.url, { trigger: { type: 'new-issue' } });
      const fire = () => c.send({ message: uniqueMessage(name), tags: { case: name } });
      const notification = (state: AlertNotification['state']) =>
        eventually(
          async () => {
            const [n] = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 1 });
            return n?.state === state ? n : undefined;
          },
          20_000,
          `a ${state} notification`,
        );
      return { receiver, rule, fire, notification };
    };

    test('503 for a while, then up: retried with backoff and the same webhook-id, then delivered', async () => {
      const { receiver, rule, fire, notification } = await setup('down', (n) =>
        n < 2 ? { status: 503, body: 'maintenance' } : { status: 200 },
      );
      await fire();
      const got = await receiver.waitFor(3, 20_000);
      const delivered = await notification('delivered');
      const ids = new Set(got.map((g) => g.headers['webhook-id']));
      assert.deepEqual([...ids], [delivered.webhookId], 'one webhook-id on every attempt');
      const secret = (rule.channels[0] as WebhookChannel).secret;
      for (const g of got) verified(g, secret);
      const [a, b, d] = got.map((g) => g.at) as [number, number, number];
      assert.ok(b - a >= earliestMs(0) - 5, `first retry after ${b - a} ms (schedule ${scheduledMs(0)} ms)`);
      assert.ok(d - b >= earliestMs(1) - 5, `second retry after ${d - b} ms (schedule ${scheduledMs(1)} ms)`);
      const attempts = await c.store.listAlertAttempts(delivered.id);
      assert.deepEqual(
        attempts.map((x) => [x.attempt, x.status, x.outcome, x.responseExcerpt, x.error]),
        [
          [1, 503, 'retry', 'maintenance', 'HTTP 503'],
          [2, 503, 'retry', 'maintenance', 'HTTP 503'],
          [3, 200, 'delivered', 'ok', null],
        ],
      );
      assert.equal(delivered.attempts, 3);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(receiver.received.length, 3, 'nothing after the 2xx');
    });

    test("a receiver's Retry-After is honoured over the shorter schedule", async () => {
      const { receiver, fire, notification } = await setup('slow-down', (n) =>
        n === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 },
      );
      await fire();
      const [first, second] = await receiver.waitFor(2, 20_000);
      const delivered = await notification('delivered');
      const gap = second!.at - first!.at;
      assert.ok(
        gap >= 1_950,
        `retried after ${gap} ms, not before the 2 s asked (schedule: ${scheduledMs(0)} ms)`,
      );
      const [attempt] = await c.store.listAlertAttempts(delivered.id);
      assert.deepEqual([attempt?.status, attempt?.outcome], [429, 'retry']);
    });

    test('410 Gone disables the channel; the next firing records that no channel is left', async () => {
      const { receiver, rule, fire, notification } = await setup('gone', () => ({ status: 410 }));
      await fire();
      const disabled = await notification('disabled');
      // Written in the notification's own commit: never a disabled notification without it.
      const [attempt] = await c.store.listAlertAttempts(disabled.id);
      assert.deepEqual([attempt?.status, attempt?.outcome], [410, 'disabled']);
      const stored = await c.store.getAlertRule(rule.id);
      assert.match(stored?.channels[0]?.disabled?.reason ?? '', /410 Gone/);

      await fire();
      const evaluation = await eventually(async () => {
        const [e] = await c.store.listAlertEvaluations({ ruleId: rule.id, limit: 1 });
        return e?.reason === 'no-channel' ? e : undefined;
      });
      assert.equal(evaluation.decision, 'suppressed');
      assert.match(evaluation.detail, /every channel of the rule is disabled/);
      assert.equal((await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 })).length, 1);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(receiver.received.length, 1, 'nothing was sent after the 410');
    });
  }),
);
