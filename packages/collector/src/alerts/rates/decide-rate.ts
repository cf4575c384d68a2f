/**
 * A rate rule's lifecycle decision for one series (issue 14 §1 "Rate rules have a lifecycle"):
 * pure, time a parameter. With no open incident it fires when over the line with enough traffic,
 * outside the action interval of its (rule, route), with a channel to send to; an open incident
 * resolves for route-5xx-rate once the rate has stayed below RATE_ALERT_RESOLVE_RATIO × threshold
 * for one whole window (`belowSince` carries that from pass to pass), for slo-burn once no pair
 * burns. Between the two lines the incident stays open: hysteresis, so a rate hovering at the
 * threshold does not flap.
 */

import type { AlertRule } from '../rules/rule-types.js';
import type { Silence } from '../silences/silence-types.js';
import type { RateMeasure } from './measure-rate.js';

/** What a rate rule decided for a series, the stable code the evaluation log keeps. */
export type RateReason =
  | 'fired'
  | 'resolved'
  | 'firing'
  | 'recovering'
  | 'below-min-requests'
  | 'below-threshold'
  | 'throttled'
  | 'no-channel'
  | 'silenced';

export type RateDecision =
  /** Open an incident and notify. */
  | { action: 'fire'; reason: 'fired'; detail: () => string }
  /** Resolve the open incident and notify. */
  | { action: 'resolve'; reason: 'resolved'; detail: () => string }
  /** The incident stays open; `belowSince` is its new value. */
  | { action: 'hold'; reason: 'firing' | 'recovering'; belowSince: number | null; detail: () => string }
  /** Nothing is open, and nothing opens. */
  | {
      action: 'none';
      reason: 'below-min-requests' | 'below-threshold' | 'throttled' | 'no-channel' | 'silenced';
      detail: () => string;
    };

export interface RateDecisionInputs {
  measure: RateMeasure;
  /** The series' open incident: since when its rate has been below the resolve line (null: not). */
  incident: { belowSince: number | null } | undefined;
  /** The last notification of the rule about the series' route. */
  lastNotifiedAt: number | null;
  now: number;
  /** The active silence that matches the series (match-silence.ts): what would fire opens nothing. */
  silence?: Silence | undefined;
}

const minutes = (ms: number) => `${Math.max(0, Math.round(ms / 60_000))} min`;

/**
 * @example decideRate(rule, { measure, incident: undefined, lastNotifiedAt: null, now }) // { action: 'fire', … }
 */
export function decideRate(
  rule: Pick<AlertRule, 'trigger' | 'channels' | 'actionIntervalMinutes'>,
  inputs: RateDecisionInputs,
): RateDecision {
  const { measure: m, incident, lastNotifiedAt, now } = inputs;
  if (incident !== undefined) {
    if (!m.recovered)
      return {
        action: 'hold',
        reason: 'firing',
        belowSince: null,
        detail: () => `still firing: ${m.text()}`,
      };
    if (rule.trigger.type !== 'route-5xx-rate')
      return { action: 'resolve', reason: 'resolved', detail: () => `resolved: ${m.text()}` };
    const { windowMinutes } = rule.trigger;
    const windowMs = windowMinutes * 60_000;
    const belowSince = incident.belowSince ?? now;
    if (now - belowSince >= windowMs)
      return {
        action: 'resolve',
        reason: 'resolved',
        detail: () =>
          `resolved: below the resolve line for ${minutes(now - belowSince)}, one whole window: ${m.text()}`,
      };
    return {
      action: 'hold',
      reason: 'recovering',
      belowSince,
      detail: () =>
        `recovering: below the resolve line since ${new Date(belowSince).toISOString()}, resolves after one whole window (${windowMinutes} min): ${m.text()}`,
    };
  }
  if (!m.enough)
    return {
      action: 'none',
      reason: 'below-min-requests',
      detail: () => `too few requests to fire: ${m.text()}`,
    };
  if (!m.over)
    return { action: 'none', reason: 'below-threshold', detail: () => `below the threshold: ${m.text()}` };
  const intervalMs = rule.actionIntervalMinutes * 60_000;
  if (lastNotifiedAt !== null && now - lastNotifiedAt < intervalMs)
    return {
      action: 'none',
      reason: 'throttled',
      detail: () =>
        `over the threshold, but the route was notified ${minutes(now - lastNotifiedAt)} ago, within the action interval of ${rule.actionIntervalMinutes} min (next possible at ${new Date(lastNotifiedAt + intervalMs).toISOString()}): ${m.text()}`,
    };
  if (!rule.channels.some((c) => c.disabled === undefined))
    return {
      action: 'none',
      reason: 'no-channel',
      detail: () =>
        'every channel of the rule is disabled (a receiver answered 410 Gone); save the rule to enable them',
    };
  const silence = inputs.silence;
  if (silence !== undefined)
    return {
      action: 'none',
      reason: 'silenced',
      detail: () =>
        `would fire, but silence ${silence.id} holds until ${silence.endsAt === null ? 'it is ended' : new Date(silence.endsAt).toISOString()}${silence.comment === null ? '' : ` (${silence.comment})`}: ${m.text()}`,
    };
  return { action: 'fire', reason: 'fired', detail: () => `fired: ${m.text()}` };
}
