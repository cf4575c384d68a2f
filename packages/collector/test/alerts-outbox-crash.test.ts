/**
 * The outbox survives a crash (issue 14 §3, §6): a collector process that committed an event
 * whose alert fired is SIGKILLed between the commit and the delivery (while the receiver holds
 * the first request, unanswered); after a restart the notification arrives, with the same
 * webhook-id, and is acknowledged once. The claim's lease (ALERT_CLAIM_LEASE_MS) is what the
 * restarted process waits for, so this test takes that long. Both engines.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type EngineHandle, forEachEngine, waitForOutput } from '@faultline/test-support';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import { ALERT_CLAIM_LEASE_MS } from '../src/limits.js';
import { uniqueMessage, useReceiver, verified } from './alerts-fixtures.js';
import { envelopeUrl, eventEnvelope, eventId, request } from './ingest-helpers.js';

const CHILD = fileURLToPath(new URL('./alerts-collector-child.js', import.meta.url));

async function startChild(handle: EngineHandle): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(handle.location)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [, url, key] = await waitForOutput(child, /READY (\S+) (\S+)\n/);
  return { child, url: url as string, key: key as string };
}

forEachEngine((engine) =>
  describe(`outbox across a SIGKILL (${engine.name})`, () => {
    let handle: EngineHandle;
    const children: ChildProcess[] = [];

    before(async () => {
      handle = await engine.open();
    });
    after(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await handle?.dispose();
    });
    const receiver = useReceiver();

    test('killed between the commit and the delivery: after a restart the notification arrives, once by webhook-id', async () => {
      const { store } = handle;
      const { project } = await store.ensureDefaultProject();
      const rule = await store.createAlertRule(
        project.id,
        parseAlertRule({
          name: 'crash',
          trigger: { type: 'new-issue' },
          channels: [{ type: 'webhook', url: receiver.url }],
        }),
      );
      assert.ok(rule);
      const secret = (rule.channels[0] as { secret: string }).secret;

      const first = await startChild(handle);
      children.push(first.child);
      // The first delivery is held, never answered, and its sender killed: committed, not delivered.
      receiver.answer = (n) => {
        if (n > 0) return { status: 200 };
        first.child.kill('SIGKILL');
        return 'hold';
      };
      const id = eventId();
      const reply = await request(envelopeUrl(first.url, project.id, first.key), {
        body: eventEnvelope({ message: uniqueMessage('crash') }, id),
      });
      assert.equal(reply.status, 200, 'the event was committed');
      const [held] = await receiver.waitFor(1);
      await once(first.child, 'exit');
      const webhookId = held!.headers['webhook-id'];
      verified(held!, secret);

      assert.ok(await store.getEvent(id), 'the event is stored');
      const [pending] = await store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
      assert.equal(pending?.state, 'pending');
      assert.equal(pending?.webhookId, webhookId);
      assert.equal(pending?.attempts, 0, 'the killed attempt was never settled');

      const second = await startChild(handle);
      children.push(second.child);
      const [, redelivered] = await receiver.waitFor(2, ALERT_CLAIM_LEASE_MS + 20_000);
      assert.equal(redelivered!.headers['webhook-id'], webhookId, 'the same webhook-id after the restart');
      assert.deepEqual(verified(redelivered!, secret), verified(held!, secret), 'the same alert');
      const delivered = await (async () => {
        for (;;) {
          const [n] = await store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
          if (n?.state === 'delivered') return n;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      assert.equal(delivered.attempts, 1);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(receiver.received.length, 2, 'nothing more after the acknowledgement');
      assert.equal(
        new Set(receiver.received.map((r) => r.headers['webhook-id'])).size,
        1,
        'one message by webhook-id',
      );
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    });
  }),
);
