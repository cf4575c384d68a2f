/**
 * The outbox rows of one alert: one per enabled channel of the rule, each with its own
 * `webhook-id` (Standard Webhooks: unique per message, the same on every retry of it), all
 * carrying the same facts. Shared by the digest commit's evaluator, the test notification and
 * (later) the rate rules' periodic job.
 */

import { randomBytes } from 'node:crypto';
import type { NewAlertNotification } from '../../store/alert-records.js';
import type { ProjectId } from '../../store/ids.js';
import type { AlertRule } from '../rules/rule-types.js';
import type { AlertFacts } from './alert-facts.js';

/**
 * A message id as Standard Webhooks writes them.
 * @example newWebhookId() // 'msg_3f9c…' (32 hex)
 */
export function newWebhookId(): string {
  return `msg_${randomBytes(16).toString('hex')}`;
}

/**
 * @example notificationsFor(rule, 'issue:42', facts, Date.now())
 */
export function notificationsFor(
  rule: Pick<AlertRule, 'id' | 'projectId' | 'channels'>,
  subject: string,
  facts: AlertFacts,
  now: number,
): NewAlertNotification[] {
  const payload = JSON.stringify(facts);
  return rule.channels
    .filter((c) => c.disabled === undefined)
    .map((c) => ({
      ruleId: rule.id,
      projectId: rule.projectId as ProjectId,
      channelId: c.id,
      channelType: c.type,
      subject,
      webhookId: newWebhookId(),
      payload,
      nextAttemptAt: now,
      createdAt: now,
    }));
}
