/** Alerts (issue 14): rules, their evaluation in the digest commit and (rate rules) by the
 * periodic evaluator, the outbox and its delivery. */
export { type AlertOptions, checkSmtpUrl, type DeliveryDeps, deliveryDeps } from './alert-options.js';
export { type DeliveryWorker, startDeliveryWorker } from './deliver/delivery-worker.js';
export { sendTest, type TestDelivery } from './deliver/send-test.js';
export type {
  AlertEventFacts,
  AlertFacts,
  AlertIncidentFacts,
  AlertIssueFacts,
  AlertRouteFacts,
  AlertType,
} from './evaluate/alert-facts.js';
export { matchingSilence, type SilenceSubject } from './evaluate/match-silence.js';
export { type AllowList, parseAllowList } from './outbound/allow-list.js';
export { checkRuleChannels } from './outbound/check-rule-channels.js';
export {
  checkOutboundUrl,
  type OutboundCheck,
  type OutboundPolicy,
  type Resolver,
} from './outbound/outbound-guard.js';
export { OutboundRefusedError } from './outbound/outbound-refused-error.js';
export { evaluateRateAlerts, type RatePassResult } from './rates/evaluate-rates.js';
export { type RateEvaluator, startRateEvaluator } from './rates/rate-evaluator.js';
export type { CanonicalAlert } from './render/canonical-alert.js';
export { AlertRuleError } from './rules/alert-rule-error.js';
export { parseAlertRule } from './rules/parse-rule.js';
export { maskedSecret, publicAlertRule } from './rules/public-rule.js';
export { type AlertFiltersJson, filtersJson, ruleJson } from './rules/rule-json.js';
export { type PatchedRule, patchAlertRule } from './rules/rule-patch.js';
export * from './rules/rule-types.js';
export { parseSilence } from './silences/parse-silence.js';
export { SilenceError } from './silences/silence-error.js';
export type { Silence, SilenceInput, SilenceMatchers } from './silences/silence-types.js';
