/**
 * Alert rules, deliveries and evaluations as the collector's alert API answers them
 * (api/alert-routes.ts, openapi-alerts.ts). Only what the Alerts page and the issue page read.
 */

export type AlertTrigger =
  | { type: 'new-issue' }
  | { type: 'regression' }
  | { type: 'frequency'; count: number; windowMinutes: number }
  | { type: 'route-5xx-rate'; threshold: number; windowMinutes: number; minRequests: number }
  | { type: 'slo-burn'; objective: number };

export type AlertTriggerType = AlertTrigger['type'];

export const ALERT_TRIGGER_TYPES: readonly AlertTriggerType[] = [
  'new-issue',
  'regression',
  'frequency',
  'route-5xx-rate',
  'slo-burn',
];

/** Event levels, most severe first (the collector's order). */
export const ALERT_LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;

export interface AlertFilters {
  environment?: string;
  release?: string;
  route?: string;
  level?: (typeof ALERT_LEVELS)[number];
  category?: string;
  /** `key=value`, as written. */
  tags?: string[];
}

export type AlertChannelConfig =
  | { type: 'webhook'; url: string; secret?: string }
  | { type: 'slack'; url: string }
  | { type: 'discord'; url: string }
  | { type: 'pagerduty'; routingKey: string }
  | { type: 'email'; to: string[] };

export type AlertChannelType = AlertChannelConfig['type'];

export const ALERT_CHANNEL_TYPES: readonly AlertChannelType[] = [
  'webhook',
  'slack',
  'discord',
  'pagerduty',
  'email',
];

/** A channel as a rule holds it; a webhook's `secret` is whole only in the answer that made it. */
export type AlertChannel = AlertChannelConfig & { id: string; disabled?: { at: string; reason: string } };

/** What POST and PATCH take. */
export interface AlertRuleBody {
  name: string;
  trigger: AlertTrigger;
  filters: AlertFilters;
  channels: (AlertChannelConfig & { id?: string })[];
  actionIntervalMinutes: number;
}

export interface AlertRule extends AlertRuleBody {
  id: number;
  projectId: number;
  channels: AlertChannel[];
  createdAt: string;
  updatedAt: string;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'disabled';
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'disabled';

export interface AlertAttempt {
  attempt: number;
  at: string;
  outcome: AttemptOutcome;
  status: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

/** The webhook body the delivery carries (null when the stored row cannot be read). */
export interface AlertMessage {
  type: 'alert.fired' | 'alert.resolved' | 'alert.test';
  rule: { id: number; name: string };
  issue?: { id: number; title: string };
  url?: string;
}

export interface AlertDelivery {
  id: number;
  ruleId: number;
  projectId: number;
  channelId: string;
  channelType: AlertChannelType;
  /** `issue:42`, `test`, … */
  subject: string;
  webhookId: string;
  state: DeliveryState;
  attemptCount: number;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastError: string | null;
  alert: AlertMessage | null;
  /** The last attempts, first first. */
  attempts: AlertAttempt[];
}

export interface AlertEvaluation {
  /** null for a decision computed on demand (`logged: false`), never stored */
  id: number | null;
  ruleId: number;
  subject: string;
  at: string;
  decision: 'fired' | 'suppressed';
  /** `fired`, `throttled`, `filter`, `below-threshold`, `no-channel`, … */
  reason: string;
  detail: string;
  /** false: computed now for a pair that has only ever been quiet, which the log does not store */
  logged: boolean;
}

/** One channel's outcome of POST /alert-rules/{id}/test. */
export interface AlertTestResult {
  channelId: string;
  channelType: AlertChannelType;
  notificationId: number;
  webhookId: string;
  outcome: AttemptOutcome;
  status: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
}
