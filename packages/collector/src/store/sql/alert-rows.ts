/** Row → record mapping of the alert tables (migration 5), shared by both stores. */

import type {
  ActiveAlertRule,
  AlertChannel,
  AlertRule,
  AlertTrigger,
} from '../../alerts/rules/rule-types.js';
import type {
  AlertAttempt,
  AlertEvaluation,
  AlertNotification,
  AlertSubjectState,
  AttemptOutcome,
  NotificationState,
} from '../alert-records.js';
import type { ProjectId } from '../ids.js';
import type { Row } from './rows.js';

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** JSON the store wrote itself from a validated rule; a damaged value reads as `fallback`. */
function json<T>(v: unknown, fallback: T): T {
  try {
    return JSON.parse(String(v)) as T;
  } catch {
    return fallback;
  }
}

/** A rule's `channels` column. */
export const channelsOf = (v: unknown): AlertChannel[] => json<AlertChannel[]>(v, []);

export function toAlertRule(r: Row): AlertRule {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id) as ProjectId,
    name: String(r.name),
    trigger: json<AlertTrigger>(r.trigger, { type: 'new-issue' }),
    filters: json(r.filters, {}),
    channels: channelsOf(r.channels),
    actionIntervalMinutes: Number(r.action_interval_minutes),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function toActiveAlertRule(r: Row): ActiveAlertRule {
  return { ...toAlertRule(r), projectName: String(r.project_name) };
}

export function toAlertNotification(r: Row): AlertNotification {
  return {
    id: Number(r.id),
    ruleId: Number(r.rule_id),
    projectId: Number(r.project_id) as ProjectId,
    channelId: String(r.channel_id),
    channelType: String(r.channel_type) as AlertNotification['channelType'],
    subject: String(r.subject),
    webhookId: String(r.webhook_id),
    payload: String(r.payload),
    state: String(r.state) as NotificationState,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    lastError: strOrNull(r.last_error),
  };
}

export function toAlertAttempt(r: Row): AlertAttempt {
  return {
    id: Number(r.id),
    notificationId: Number(r.notification_id),
    attempt: Number(r.attempt),
    at: Number(r.at),
    status: numOrNull(r.status),
    latencyMs: Number(r.latency_ms),
    responseExcerpt: strOrNull(r.response_excerpt),
    error: strOrNull(r.error),
    outcome: String(r.outcome) as AttemptOutcome,
  };
}

export function toAlertEvaluation(r: Row): AlertEvaluation {
  return {
    id: Number(r.id),
    ruleId: Number(r.rule_id),
    projectId: Number(r.project_id) as ProjectId,
    subject: String(r.subject),
    at: Number(r.at),
    decision: String(r.decision) as AlertEvaluation['decision'],
    reason: String(r.reason),
    detail: String(r.detail),
    inputs: json(r.inputs, {}),
  };
}

export function toAlertSubjectState(r: Row): AlertSubjectState {
  return {
    ruleId: Number(r.rule_id),
    subject: String(r.subject),
    lastNotifiedAt: numOrNull(r.last_notified_at),
    lastReason: String(r.last_reason),
    lastAt: Number(r.last_at),
  };
}
