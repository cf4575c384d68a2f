/**
 * A rule as a reader may see it: a webhook's secret is shown once, when the rule is created
 * (issue 14 §2), and afterwards only as its first characters, enough to tell two apart.
 */

import type { AlertRule } from './rule-types.js';

/** Characters of a secret kept visible (`whsec_` and four of the key). */
const SHOWN_SECRET_CHARS = 10;

/**
 * @example publicAlertRule(rule).channels[0] // { type: 'webhook', url, secret: 'whsec_AbCd…', id }
 */
export function publicAlertRule(rule: AlertRule): AlertRule {
  return {
    ...rule,
    channels: rule.channels.map((c) =>
      c.type === 'webhook' ? { ...c, secret: `${c.secret.slice(0, SHOWN_SECRET_CHARS)}…` } : c,
    ),
  };
}
