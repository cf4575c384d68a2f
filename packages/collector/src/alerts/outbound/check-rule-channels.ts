/**
 * The SSRF check of a rule's URLs at creation (issue 14 §3: "the same check at rule creation
 * gives a clear 400"): the guard that runs at every send, run once now.
 */

import { ALERT_SEND_TIMEOUT_MS } from '../../limits.js';
import { AlertRuleError } from '../rules/alert-rule-error.js';
import type { AlertRuleInput } from '../rules/rule-types.js';
import { checkOutboundUrl, type OutboundPolicy } from './outbound-guard.js';
import { OutboundRefusedError } from './outbound-refused-error.js';

/**
 * @throws AlertRuleError naming the first channel whose URL the guard refuses; its `cause` is
 * the guard's OutboundRefusedError (the API answers it FL_OUTBOUND_REFUSED)
 * @example await checkRuleChannels(parseAlertRule(body), deps.policy) // then store.createAlertRule
 */
export async function checkRuleChannels(rule: AlertRuleInput, policy: OutboundPolicy): Promise<void> {
  for (const [i, channel] of rule.channels.entries()) {
    if (channel.type === 'pagerduty' || channel.type === 'email') continue;
    const check = await checkOutboundUrl(channel.url, policy, Date.now() + ALERT_SEND_TIMEOUT_MS);
    if (!check.ok)
      throw new AlertRuleError(`channels[${i}].url`, `channels[${i}].url is refused: ${check.reason}`, {
        cause: new OutboundRefusedError(check.reason),
      });
  }
}
