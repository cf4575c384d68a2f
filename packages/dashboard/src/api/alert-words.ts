/**
 * A rule in words for the Alerts page: what fires it, where it goes, what it filters. Pure, so
 * the wording is tested under node; the views render the result as text.
 */

import type { AlertChannelConfig, AlertFilters, AlertTrigger } from './alert-types.js';
import { counted } from './format.js';
import { percent } from './format-rate.js';

/**
 * An objective as written, every digit kept (format-rate's `percent` rounds measured rates,
 * which would show 0.9995 as 100.0%).
 * @example objectivePercent(0.9995) // '99.95%'
 */
export function objectivePercent(objective: number): string {
  return `${Number((objective * 100).toPrecision(12))}%`;
}

/** @example minutes(90) // '90 minutes'; minutes(120) // '2 hours' */
export function minutes(n: number): string {
  if (n >= 1440 && n % 1440 === 0) return counted(n / 1440, 'day');
  if (n >= 60 && n % 60 === 0) return counted(n / 60, 'hour');
  return counted(n, 'minute');
}

/**
 * @example triggerInWords({ type: 'frequency', count: 10, windowMinutes: 5 })
 * // 'an issue gets 10 events or more within 5 minutes'
 */
export function triggerInWords(trigger: AlertTrigger): string {
  switch (trigger.type) {
    case 'new-issue':
      return 'a new issue (its first event)';
    case 'regression':
      return 'a resolved issue gets an event again';
    case 'frequency':
      return `an issue gets ${counted(trigger.count, 'event')} or more within ${minutes(trigger.windowMinutes)}`;
    case 'route-5xx-rate':
      return (
        `a route's 5xx rate reaches ${percent(trigger.threshold)} over ${minutes(trigger.windowMinutes)}` +
        ` (with at least ${counted(trigger.minRequests, 'request')})`
      );
    case 'slo-burn':
      return `a route burns its ${objectivePercent(trigger.objective)} availability objective too fast`;
    default: {
      const never: never = trigger;
      return never;
    }
  }
}

/** @example channelInWords({ type: 'email', to: ['a@example.com'] }) // 'email to a@example.com' */
export function channelInWords(channel: AlertChannelConfig): string {
  switch (channel.type) {
    case 'webhook':
      return `webhook ${channel.url}`;
    case 'slack':
      return 'Slack';
    case 'discord':
      return 'Discord';
    case 'pagerduty':
      return 'PagerDuty';
    case 'email':
      return `email to ${channel.to.join(', ')}`;
    default: {
      const never: never = channel;
      return never;
    }
  }
}

/** @example filtersInWords({ environment: 'production', level: 'error' }) // 'environment production, level error or worse' */
export function filtersInWords(filters: AlertFilters): string {
  const parts: string[] = [];
  if (filters.environment) parts.push(`environment ${filters.environment}`);
  if (filters.release) parts.push(`release ${filters.release}`);
  if (filters.route) parts.push(`route ${filters.route}`);
  if (filters.level) parts.push(`level ${filters.level} or worse`);
  if (filters.category) parts.push(`category ${filters.category}`);
  for (const tag of filters.tags ?? []) parts.push(`tag ${tag}`);
  return parts.length === 0 ? 'every event' : parts.join(', ');
}
