/**
 * PATCH of a rule (issue 14 §1): the top-level fields given replace the stored ones, and the
 * whole rule is validated again, as at creation. A webhook channel sent back with its id keeps
 * its secret when the secret is left out or is the masked one the API shows (a client never
 * has the secret after creation); its `disabled` mark is the collector's, so it is dropped
 * (saving re-enables the channel). Pure; the SSRF check runs after it, as at creation.
 */

import { objectAt } from './json-fields.js';
import { parseAlertRule, RULE_FIELDS } from './parse-rule.js';
import { maskedSecret } from './public-rule.js';
import { ruleJson } from './rule-json.js';
import type { AlertRule, AlertRuleInput } from './rule-types.js';

export interface PatchedRule {
  rule: AlertRuleInput;
  /** Webhook channels whose secret this patch made (new channels) or changed: the answer shows
   * these once, as creation does. */
  newSecrets: ReadonlySet<string>;
}

/** A channel of the patch with the stored secret put back where the client could not send it. */
function withStoredSecret(item: unknown, secrets: ReadonlyMap<string, string>): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const { disabled: _disabled, ...channel } = item as Record<string, unknown>;
  const stored = typeof channel.id === 'string' ? secrets.get(channel.id) : undefined;
  if (stored === undefined || channel.type !== 'webhook') return channel;
  if (channel.secret !== undefined && channel.secret !== maskedSecret(stored)) return channel;
  return { ...channel, secret: stored };
}

/**
 * @throws AlertRuleError naming the first wrong field of the merged rule
 * @example const { rule } = patchAlertRule(stored, { name: 'Renamed' }); await store.updateAlertRule(stored.id, rule)
 */
export function patchAlertRule(stored: AlertRule, patch: unknown): PatchedRule {
  const changes = objectAt(patch, '', RULE_FIELDS);
  const secrets = new Map(
    stored.channels.flatMap((c): [string, string][] => (c.type === 'webhook' ? [[c.id, c.secret]] : [])),
  );
  const merged = { ...ruleJson(stored), ...changes };
  if (Array.isArray(changes.channels))
    merged.channels = changes.channels.map((c: unknown) => withStoredSecret(c, secrets));
  const rule = parseAlertRule(merged);
  const newSecrets = new Set(
    rule.channels.flatMap((c) => (c.type === 'webhook' && secrets.get(c.id) !== c.secret ? [c.id] : [])),
  );
  return { rule, newSecrets };
}
