/** `channels` of a rule (issue 14 §2): webhook, slack, discord, pagerduty, email. */

import { randomBytes } from 'node:crypto';
import {
  MAX_ALERT_CHANNELS_PER_RULE,
  MAX_EMAIL_ADDRESS_LENGTH,
  MAX_EMAIL_RECIPIENTS,
  PAGERDUTY_ROUTING_KEY_LENGTH,
} from '../../limits.js';
import { parseOutboundUrl } from '../outbound/outbound-url.js';
import { AlertRuleError } from './alert-rule-error.js';
import { type JsonObject, listAt, objectAt } from './json-fields.js';
import type { AlertChannel, AlertChannelConfig, AlertChannelType } from './rule-types.js';
import { newWebhookSecret, webhookKey } from './webhook-secret.js';

const TYPES: readonly AlertChannelType[] = ['webhook', 'slack', 'discord', 'pagerduty', 'email'];
const CHANNEL_ID = /^ch_[0-9a-f]{16}$/;
/** One @, no spaces or angle brackets, a dot in the domain: enough to refuse typos and header
 * injection; the SMTP relay is the judge of the rest. */
const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

function urlAt(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AlertRuleError(path, `${path} is a string (an http or https URL)`);
  const parsed = parseOutboundUrl(value);
  if ('problem' in parsed) throw new AlertRuleError(path, `${path} ${parsed.problem}`);
  return parsed.url.href;
}

function config(o: JsonObject, type: AlertChannelType, path: string): AlertChannelConfig {
  const fields = (...names: string[]) => objectAt(o, path, ['type', 'id', ...names]);
  switch (type) {
    case 'webhook': {
      const c = fields('url', 'secret');
      let secret = newWebhookSecret();
      if (c.secret !== undefined) {
        if (typeof c.secret !== 'string' || webhookKey(c.secret) === undefined)
          throw new AlertRuleError(
            `${path}.secret`,
            `${path}.secret is "whsec_" and the base64 of 24 to 64 random bytes; leave it out and one is generated`,
          );
        secret = c.secret;
      }
      return { type, url: urlAt(c.url, `${path}.url`), secret };
    }
    case 'slack':
    case 'discord':
      return { type, url: urlAt(fields('url').url, `${path}.url`) };
    case 'pagerduty': {
      const key = fields('routingKey').routingKey;
      if (typeof key !== 'string' || !new RegExp(`^[A-Za-z0-9]{${PAGERDUTY_ROUTING_KEY_LENGTH}}$`).test(key))
        throw new AlertRuleError(
          `${path}.routingKey`,
          `${path}.routingKey is the ${PAGERDUTY_ROUTING_KEY_LENGTH}-character integration key of a PagerDuty Events API v2 integration`,
        );
      return { type, routingKey: key };
    }
    case 'email': {
      const to = listAt(fields('to').to, `${path}.to`, MAX_EMAIL_RECIPIENTS).map((address, i) => {
        const where = `${path}.to[${i}]`;
        if (typeof address !== 'string')
          throw new AlertRuleError(where, `${where} is an email address (a string)`);
        const trimmed = address.trim();
        if (trimmed.length > MAX_EMAIL_ADDRESS_LENGTH || !EMAIL.test(trimmed))
          throw new AlertRuleError(
            where,
            `${where} is an email address like ops@example.com, at most ${MAX_EMAIL_ADDRESS_LENGTH} characters`,
          );
        return trimmed;
      });
      return { type, to: [...new Set(to)] };
    }
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}

/**
 * Validated channels, each with an id (a new one unless the input kept one of the form
 * `ch_` + 16 hex digits) and a webhook secret (generated when absent).
 * @example parseChannels([{ type: 'webhook', url: 'https://example.com/hook' }])
 */
export function parseChannels(value: unknown): AlertChannel[] {
  const ids = new Set<string>();
  return listAt(value, 'channels', MAX_ALERT_CHANNELS_PER_RULE).map((item, i) => {
    const path = `channels[${i}]`;
    const o = objectAt(item, path, ['type', 'id', 'url', 'secret', 'routingKey', 'to']);
    const type = o.type as AlertChannelType;
    if (!TYPES.includes(type))
      throw new AlertRuleError(`${path}.type`, `${path}.type is one of ${TYPES.join(', ')}`);
    let id = `ch_${randomBytes(8).toString('hex')}`;
    if (o.id !== undefined) {
      if (typeof o.id !== 'string' || !CHANNEL_ID.test(o.id))
        throw new AlertRuleError(
          `${path}.id`,
          `${path}.id is a channel id the collector gave (ch_ and 16 hex digits); leave it out for a new channel`,
        );
      id = o.id;
    }
    if (ids.has(id)) throw new AlertRuleError(`${path}.id`, `${path}.id ${id} is used by an earlier channel`);
    ids.add(id);
    return { ...config(o, type, path), id };
  });
}
