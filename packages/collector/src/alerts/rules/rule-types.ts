/**
 * What an alert rule is (issue 14 §1, §2): WHEN a trigger happens to an issue (or, later, a
 * route), IF every filter holds for the event, THEN notify each channel, at most once per
 * (rule, subject) within the action interval. Tagged unions keyed by `type` (house style 6):
 * a new trigger or channel does not compile until every switch handles it.
 */

import type { ProjectId } from '../../store/ids.js';

/** The first event of an issue. */
export interface NewIssueTrigger {
  type: 'new-issue';
}

/** A resolved issue gets an event again (digest decides, respecting resolved-in-release). */
export interface RegressionTrigger {
  type: 'regression';
}

/** At least `count` events of one issue within the last `windowMinutes`. */
export interface FrequencyTrigger {
  type: 'frequency';
  count: number;
  windowMinutes: number;
}

/** A route template's 5xx share over the window, from the middleware's rates (a periodic job). */
export interface RouteRateTrigger {
  type: 'route-5xx-rate';
  /** The 5xx share that fires, in (0, 1]. */
  threshold: number;
  windowMinutes: number;
  /** Below this many requests in the window the rule never fires (and says so). */
  minRequests: number;
}

/** The SRE workbook's multi-window burn rate against an availability objective (a periodic job). */
export interface SloBurnTrigger {
  type: 'slo-burn';
  /** e.g. 0.999 */
  objective: number;
}

export type AlertTrigger =
  | NewIssueTrigger
  | RegressionTrigger
  | FrequencyTrigger
  | RouteRateTrigger
  | SloBurnTrigger;

export type AlertTriggerType = AlertTrigger['type'];

/** Trigger types the digest commit evaluates; the others belong to the periodic rate job. */
export const ISSUE_TRIGGER_TYPES: ReadonlySet<AlertTriggerType> = new Set([
  'new-issue',
  'regression',
  'frequency',
]);

/** Event levels, most severe first (Sentry's). */
export const ALERT_LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Every filter is optional; all that are set must hold for one event of the commit. */
export interface AlertFilters {
  environment?: string;
  release?: string;
  /** The route template (tag `route`, e.g. `/users/:id`) or the transaction (`GET /users/:id`). */
  route?: string;
  /** The least severe level that passes: `error` passes error and fatal. */
  level?: AlertLevel;
  /** The cause category `@faultline/server` tags an event with (`bug`, `dependency`, …). */
  category?: string;
  /** `key=value` pairs the event's tags must all carry. */
  tags?: { key: string; value: string }[];
}

/** Signed JSON (Standard Webhooks). */
export interface WebhookChannel {
  type: 'webhook';
  url: string;
  /** `whsec_<base64>`; generated when the rule gave none. */
  secret: string;
}

/** A Slack incoming webhook (Block Kit, with a text fallback; Mattermost takes it too). */
export interface SlackChannel {
  type: 'slack';
  url: string;
}

export interface DiscordChannel {
  type: 'discord';
  url: string;
}

/** PagerDuty Events API v2. */
export interface PagerDutyChannel {
  type: 'pagerduty';
  routingKey: string;
}

export interface EmailChannel {
  type: 'email';
  to: string[];
}

export type AlertChannelConfig =
  | WebhookChannel
  | SlackChannel
  | DiscordChannel
  | PagerDutyChannel
  | EmailChannel;

export type AlertChannelType = AlertChannelConfig['type'];

/** A channel as a rule keeps it: a stable id (outbox rows name it), and why it was disabled. */
export type AlertChannel = AlertChannelConfig & {
  /** `ch_` and 16 hex digits; kept across updates when the update names it. */
  id: string;
  /** Set when a receiver answered 410 Gone: nothing more is sent to it until the rule is saved again. */
  disabled?: { at: number; reason: string };
};

/** A validated rule, as `parseAlertRule` returns it and the store keeps it. */
export interface AlertRuleInput {
  name: string;
  trigger: AlertTrigger;
  filters: AlertFilters;
  channels: AlertChannel[];
  actionIntervalMinutes: number;
}

/** A stored rule. */
export interface AlertRule extends AlertRuleInput {
  id: number;
  projectId: ProjectId;
  createdAt: number;
  updatedAt: number;
}

/** A rule with its project's name, as digest's cached lookup returns it. */
export interface ActiveAlertRule extends AlertRule {
  projectName: string;
}
