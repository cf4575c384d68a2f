/**
 * What one attempt sends for one channel, rendered from the canonical alert (render/): a signed
 * POST for a webhook, a chat POST for Slack and Discord, an Events API POST for PagerDuty, an
 * email. Rendered anew at every attempt (a webhook's timestamp is the attempt's), from the same
 * stored facts, with the same webhook-id.
 */

import type { AlertNotification } from '../../store/alert-records.js';
import type { CanonicalAlert } from '../render/canonical-alert.js';
import { discordMessage } from '../render/discord-message.js';
import { type EmailMessage, emailMessage } from '../render/email-message.js';
import { pagerDutyEvent } from '../render/pagerduty-event.js';
import { slackMessage } from '../render/slack-message.js';
import type { AlertChannel } from '../rules/rule-types.js';
import { signatureHeaders } from './webhook-signature.js';

export type OutboundMessage =
  | { kind: 'http'; url: string; body: string; headers: Record<string, string> }
  | { kind: 'email'; to: readonly string[]; message: EmailMessage };

const USER_AGENT = 'Faultline-Alerts/0.1';

const json = (url: string, value: unknown, extra: Record<string, string> = {}): OutboundMessage => ({
  kind: 'http',
  url,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...extra },
});

/**
 * @example channelMessage(channel, alert, notification, { publicUrl, pagerDutyUrl, nowS })
 */
export function channelMessage(
  channel: AlertChannel,
  alert: CanonicalAlert,
  n: Pick<AlertNotification, 'webhookId' | 'subject'>,
  ctx: { publicUrl: URL; pagerDutyUrl: string; nowS: number },
): OutboundMessage {
  switch (channel.type) {
    case 'webhook': {
      const body = JSON.stringify(alert);
      return {
        kind: 'http',
        url: channel.url,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...signatureHeaders(channel.secret, n.webhookId, ctx.nowS, body),
        },
      };
    }
    case 'slack':
      return json(channel.url, slackMessage(alert));
    case 'discord':
      return json(channel.url, discordMessage(alert));
    case 'pagerduty':
      return json(ctx.pagerDutyUrl, pagerDutyEvent(alert, channel.routingKey, n.subject, ctx.publicUrl));
    case 'email':
      return { kind: 'email', to: channel.to, message: emailMessage(alert) };
    default: {
      const unknown: never = channel;
      return unknown;
    }
  }
}
