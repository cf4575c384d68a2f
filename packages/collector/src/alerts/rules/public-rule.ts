/**
 * A rule as a reader may see it: a webhook's secret is shown once, when its channel is created
 * (issue 14 §2), and afterwards only as its first characters, enough to tell two apart.
 */

import type { AlertRule } from './rule-types.js';

/** Characters of a secret kept visible (`whsec_` and four of the key). */
const SHOWN_SECRET_CHARS = 10;

/**
 * A secret as readers see it after creation; a channel sent back with it keeps its secret.
 * @example maskedSecret('whsec_AbCdEfGh…') // 'whsec_AbCd…'
 */
export function maskedSecret(secret: string): string {
  return `${secret.slice(0, SHOWN_SECRET_CHARS)}…`;
}

/**
 * @param reveal ids of channels whose secret is shown whole: those this request created
 * @example publicAlertRule(rule).channels[0] // { type: 'webhook', url, secret: 'whsec_AbCd…', id }
 */
export function publicAlertRule(rule: AlertRule, reveal: ReadonlySet<string> = new Set()): AlertRule {
  return {
    ...rule,
    channels: rule.channels.map((c) =>
      c.type === 'webhook' && !reveal.has(c.id) ? { ...c, secret: maskedSecret(c.secret) } : c,
    ),
  };
}
