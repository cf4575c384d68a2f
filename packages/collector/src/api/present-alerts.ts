/**
 * Alert records as the API shows them: times as ISO 8601 strings, a rule's filters as they are
 * written (`tags: ['key=value']`, so a rule read can be sent back), webhook secrets masked except
 * where they were just made, and each delivery with the alert it carries and its attempts.
 */

import type { OutboundMessage } from '../alerts/deliver/channel-message.js';
import type { TestDelivery } from '../alerts/deliver/send-test.js';
import type { AlertFacts } from '../alerts/evaluate/alert-facts.js';
import type { ExplainedEvaluation } from '../alerts/evaluate/explain-pair.js';
import { canonicalAlert } from '../alerts/render/canonical-alert.js';
import { publicAlertRule } from '../alerts/rules/public-rule.js';
import { filtersJson } from '../alerts/rules/rule-json.js';
import type { AlertRule } from '../alerts/rules/rule-types.js';
import type { AlertAttempt, AlertIncident, AlertNotification } from '../store/index.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * @param reveal ids of webhook channels whose secret is shown whole (made by this request)
 * @example presentAlertRule(created, new Set(created.channels.map((c) => c.id)))
 */
export function presentAlertRule(rule: AlertRule, reveal?: ReadonlySet<string>) {
  const shown = publicAlertRule(rule, reveal);
  const self = `/api/v1/alert-rules/${rule.id}`;
  return {
    id: rule.id,
    projectId: rule.projectId,
    name: rule.name,
    trigger: rule.trigger,
    filters: filtersJson(rule.filters),
    channels: shown.channels.map((c) =>
      c.disabled === undefined
        ? c
        : { ...c, disabled: { at: iso(c.disabled.at), reason: c.disabled.reason } },
    ),
    actionIntervalMinutes: rule.actionIntervalMinutes,
    createdAt: iso(rule.createdAt),
    updatedAt: iso(rule.updatedAt),
    links: {
      self,
      test: `${self}/test`,
      evaluations: `${self}/evaluations`,
      deliveries: `${self}/deliveries`,
    },
  };
}

/** @example presentAlertIncident(incident).openedAt // '2026-01-02T03:04:05.000Z' */
export function presentAlertIncident(i: AlertIncident) {
  return {
    ...i,
    openedAt: iso(i.openedAt),
    resolvedAt: i.resolvedAt === null ? null : iso(i.resolvedAt),
    belowSince: i.belowSince === null ? null : iso(i.belowSince),
  };
}

/** A logged evaluation, or one computed on demand (`logged: false`, no id). @example presentAlertEvaluation(evaluation).at // '2026-01-02T03:04:05.000Z' */
export function presentAlertEvaluation(e: ExplainedEvaluation) {
  return { ...e, at: iso(e.at) };
}

/** The stored facts as the webhook channel sends them; null for a row that cannot be read. */
function alertOf(payload: string, publicUrl: URL) {
  try {
    return canonicalAlert(JSON.parse(payload) as AlertFacts, publicUrl);
  } catch {
    return null;
  }
}

/**
 * @param attempts its last attempts (ALERT_ATTEMPTS_LISTED at most), first first
 * @example presentAlertDelivery(notification, attempts, publicUrl)
 */
export function presentAlertDelivery(
  n: AlertNotification,
  attempts: readonly AlertAttempt[],
  publicUrl: URL,
) {
  return {
    id: n.id,
    ruleId: n.ruleId,
    projectId: n.projectId,
    channelId: n.channelId,
    channelType: n.channelType,
    subject: n.subject,
    webhookId: n.webhookId,
    state: n.state,
    attemptCount: n.attempts,
    nextAttemptAt: n.state === 'pending' ? iso(n.nextAttemptAt) : null,
    createdAt: iso(n.createdAt),
    updatedAt: iso(n.updatedAt),
    lastError: n.lastError,
    alert: alertOf(n.payload, publicUrl),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      at: iso(a.at),
      outcome: a.outcome,
      status: a.status,
      latencyMs: a.latencyMs,
      responseExcerpt: a.responseExcerpt,
      error: a.error,
    })),
    links: { redeliver: `/api/v1/alert-deliveries/${n.id}/redeliver` },
  };
}

function presentMessage(m: OutboundMessage) {
  return m.kind === 'http'
    ? { kind: m.kind, url: m.url, headers: m.headers, body: m.body }
    : { kind: m.kind, to: m.to, subject: m.message.subject, text: m.message.text, html: m.message.html };
}

/** @example (await sendTest(rule, deps)).map(presentTestDelivery) */
export function presentTestDelivery(t: TestDelivery) {
  const { message, ...result } = t;
  return {
    ...result,
    latencyMs: Math.round(t.latencyMs),
    message: message === undefined ? null : presentMessage(message),
  };
}
