/**
 * A test notification (issue 14 §3 "POST /api/v1/alert-rules/:id/test"): `alert.test` facts,
 * written to the outbox and sent at once through exactly what a real alert goes through (the
 * renderer, the signer, the SSRF guard, the attempt and its log), once per enabled channel; a
 * test is not retried. Its rows are written claimed (leased), so the worker does not send them too.
 */

import { ALERT_CLAIM_LEASE_MS } from '../../limits.js';
import type { AttemptOutcome } from '../../store/alert-records.js';
import type { DeliveryDeps } from '../alert-options.js';
import { testAlertFacts } from '../evaluate/alert-facts.js';
import { notificationsFor } from '../evaluate/notifications.js';
import type { AlertChannelType, AlertRule } from '../rules/rule-types.js';
import { attemptDelivery } from './attempt.js';
import type { OutboundMessage } from './channel-message.js';
import { saveSettlements, settlement } from './settle-attempt.js';

export interface TestDelivery {
  channelId: string;
  channelType: AlertChannelType;
  notificationId: number;
  webhookId: string;
  outcome: AttemptOutcome;
  status: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** What was rendered for the channel and sent (or refused by the SSRF guard). */
  message?: OutboundMessage;
}

/**
 * @example const results = await sendTest(await store.getAlertRule(id), deps)
 */
export async function sendTest(rule: AlertRule, deps: DeliveryDeps): Promise<TestDelivery[]> {
  const now = deps.now();
  const project = await deps.store.getProject(rule.projectId);
  const facts = testAlertFacts(rule, project?.name ?? `project ${rule.projectId}`, now);
  const rows = notificationsFor(rule, 'test', facts, now).map((r) => ({
    ...r,
    nextAttemptAt: now + ALERT_CLAIM_LEASE_MS,
  }));
  if (rows.length === 0) return [];
  const notifications = await deps.store.insertAlertNotifications(rows);
  const settled = await Promise.all(
    notifications.map(async (notification) => {
      const claimed = { notification, channel: rule.channels.find((c) => c.id === notification.channelId) };
      return settlement(claimed, await attemptDelivery(claimed, deps), deps, false);
    }),
  );
  await saveSettlements(settled, deps);
  return settled.map(({ result }, i) => {
    const notification = notifications[i] as (typeof notifications)[number];
    return {
      channelId: notification.channelId,
      channelType: notification.channelType,
      notificationId: notification.id,
      webhookId: notification.webhookId,
      outcome: result.outcome,
      status: result.status,
      latencyMs: result.latencyMs,
      responseExcerpt: result.responseExcerpt,
      error: result.error,
      ...(result.message === undefined ? {} : { message: result.message }),
    };
  });
}
