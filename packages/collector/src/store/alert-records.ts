/**
 * What the store keeps for alerts (migration 5): the outbox of notifications, their delivery
 * attempts, the evaluation log and the per-(rule, subject) state. Rules themselves are
 * `AlertRule` (alerts/rules/rule-types.ts); the store keeps them as validated, never judging them.
 */

import type { AlertChannel, AlertChannelType } from '../alerts/rules/rule-types.js';
import type { IssueId, ProjectId } from './ids.js';
import type { EventRecord } from './records.js';

/** pending: to be sent (again) at `nextAttemptAt`; the others are final. */
export type NotificationState = 'pending' | 'delivered' | 'failed' | 'disabled';

/** One notification of one rule to one channel about one subject (`issue:42`). */
export interface AlertNotification {
  id: number;
  ruleId: number;
  projectId: ProjectId;
  channelId: string;
  channelType: AlertChannelType;
  subject: string;
  /** Standard Webhooks' `webhook-id`: the same on every retry, so receivers deduplicate on it. */
  webhookId: string;
  /** The alert's facts as JSON text (alerts/evaluate/alert-facts.ts); rendered per channel at send. */
  payload: string;
  state: NotificationState;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
  lastError: string | null;
}

/** A notification to write: pending, no attempt yet. */
export type NewAlertNotification = Omit<
  AlertNotification,
  'id' | 'state' | 'attempts' | 'updatedAt' | 'lastError'
>;

/** A notification a worker claimed, with its channel as the rule holds it now (undefined: the
 * channel was removed, or the rule deleted). */
export interface ClaimedNotification {
  notification: AlertNotification;
  channel: AlertChannel | undefined;
}

/** What an attempt came to: delivered (2xx), retry later, failed for good, channel disabled (410). */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'disabled';

export interface AlertAttempt {
  id: number;
  notificationId: number;
  /** 1 for the first attempt. */
  attempt: number;
  at: number;
  /** The HTTP status (or SMTP reply code); null when none came (refused, timeout, DNS). */
  status: number | null;
  latencyMs: number;
  /** The start of the answer, bounded (ALERT_RESPONSE_EXCERPT_CHARS). */
  responseExcerpt: string | null;
  error: string | null;
  outcome: AttemptOutcome;
}

/** An attempt to record; with outcome `retry`, `nextAttemptAt` says when. */
export interface AlertAttemptInput extends Omit<AlertAttempt, 'id' | 'attempt'> {
  nextAttemptAt?: number;
}

/** A rule's channel turned off by its receiver (a 410 Gone), with why and when. */
export interface AlertChannelDisable {
  ruleId: number;
  channelId: string;
  reason: string;
  at: number;
}

/** One decision of a rule about a subject. */
export interface AlertEvaluation {
  id: number;
  ruleId: number;
  projectId: ProjectId;
  subject: string;
  at: number;
  decision: 'fired' | 'suppressed';
  /** A stable code: `fired`, `throttled`, `filter`, `below-threshold`, `no-channel`. */
  reason: string;
  /** The reason as a sentence, with the values that decided it. */
  detail: string;
  /** What the rule looked at (event fields, counts, the last notification). */
  inputs: Record<string, unknown>;
}

export type NewAlertEvaluation = Omit<AlertEvaluation, 'id'>;

/** Per (rule, subject): the last notification (the action interval counts from it) and the last decision. */
export interface AlertSubjectState {
  ruleId: number;
  subject: string;
  lastNotifiedAt: number | null;
  lastReason: string;
  lastAt: number;
}

/** Which notifications to list, newest first. */
export interface AlertNotificationQuery {
  ruleId?: number;
  projectId?: ProjectId;
  /** One subject, e.g. `issue:42` (an issue page's alerts). */
  subject?: string;
  state?: NotificationState;
  /** Failures first: failed and disabled, then those whose last attempt failed (retrying), then
   * the rest; newest first within each (the delivery log a person reads). */
  failuresFirst?: boolean;
  limit: number;
}

/** A manual redelivery: the notification, and whether it was made pending again (false: it
 * was pending already, and is left as it was). */
export interface Redelivery {
  notification: AlertNotification;
  redelivered: boolean;
}

/** Which evaluations to list, newest first. */
export interface AlertEvaluationQuery {
  ruleId?: number;
  subject?: string;
  /** Only evaluations with a smaller id: the page after one that ended at this id. */
  before?: number;
  limit: number;
}

/** Which silences of a project to list, newest first. */
export interface SilenceQuery {
  projectId: ProjectId;
  /** Expired and ended ones too; otherwise only those not over at `now`. */
  all?: boolean;
  now?: number;
  limit: number;
}

/** Stored events of a project, for a preview of a rule (alerts/preview): the newest up to a bound. */
export interface AlertHistory {
  /** Oldest first (by the time they were received, i.e. committed). */
  events: EventRecord[];
  /** When each issue of these events was first seen (ms): an issue's first event made it new. */
  firstSeen: Map<IssueId, number>;
  /** More events were received since `from` than the bound let through: the oldest were left out. */
  more: boolean;
}
