/**
 * The issue page's snooze menu (issue 19 §2): its presets, the condition each asks for, and the
 * words for the active condition and for why an issue came back. Pure, so tests run it under node.
 */

import { ago, counted } from './format.js';
import type { Issue, SnoozeCondition, UnignoredReason } from './types.js';

/** The menu's choices, in the order shown. */
export const SNOOZE_PRESETS = [
  'forever',
  '30m',
  '1h',
  '24h',
  'events10',
  'events100',
  'users10',
  'escalating',
] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

const PRESETS: Record<SnoozePreset, { label: string; condition: SnoozeCondition | undefined }> = {
  forever: { label: 'Forever', condition: undefined },
  '30m': { label: 'For 30 minutes', condition: { minutes: 30 } },
  '1h': { label: 'For 1 hour', condition: { minutes: 60 } },
  '24h': { label: 'For 24 hours', condition: { minutes: 24 * 60 } },
  events10: { label: 'Until 10 more events', condition: { count: 10 } },
  events100: { label: 'Until 100 more events', condition: { count: 100 } },
  users10: { label: 'Until 10 more users', condition: { users: 10 } },
  escalating: { label: 'Until it escalates', condition: { escalating: true } },
};

/**
 * @example snoozePreset('events10') // { label: 'Until 10 more events', condition: { count: 10 } }
 */
export function snoozePreset(preset: SnoozePreset): {
  label: string;
  condition: SnoozeCondition | undefined;
} {
  return PRESETS[preset];
}

/**
 * The active snooze of an ignored issue in words; undefined when the issue is not ignored.
 * @example snoozeInWords({ status: 'ignored', ignoreUntil: { count: 10 }, snoozeRemaining: 7 }) // 'Ignored until 7 more events'
 */
export function snoozeInWords(
  issue: Pick<Issue, 'status' | 'ignoreUntil' | 'snoozeEndsAt' | 'snoozeRemaining'>,
  now = Date.now(),
): string | undefined {
  if (issue.status !== 'ignored') return undefined;
  const c = issue.ignoreUntil;
  if (!c) return 'Ignored forever';
  if ('minutes' in c)
    return issue.snoozeEndsAt
      ? `Ignored until ${issue.snoozeEndsAt} (${ago(issue.snoozeEndsAt, now)})`
      : 'Ignored for a while';
  if ('count' in c) return `Ignored until ${counted(issue.snoozeRemaining ?? c.count, 'more event')}`;
  if ('users' in c) return `Ignored until ${counted(issue.snoozeRemaining ?? c.users, 'more user')}`;
  return 'Ignored until it escalates';
}

/** Why a snooze ended, in words (the issue header and the activity history say it alike). */
export const WAKE_REASONS: Record<UnignoredReason, string> = {
  time: 'its snooze time ended',
  count: 'the events it was snoozed for arrived',
  users: 'the users it was snoozed for were affected',
  escalating: 'it escalated (its hourly rate rose well above its recent average)',
};

/**
 * Why an issue came back from a snooze, in words; undefined when it did not.
 * @example unignoredInWords({ unignoredReason: 'count', unignoredAt: '2026-01-01T00:00:00Z' })
 */
export function unignoredInWords(
  issue: Pick<Issue, 'unignoredReason' | 'unignoredAt'>,
  now = Date.now(),
): string | undefined {
  const reason = issue.unignoredReason;
  if (!reason) return undefined;
  return `Back from a snooze: ${WAKE_REASONS[reason]}${issue.unignoredAt ? ` (${ago(issue.unignoredAt, now)})` : ''}`;
}

/**
 * A snooze condition as it was asked, in words (the activity history's "ignored it (…)").
 * @example conditionInWords({ count: 10 }) // 'until 10 more events'
 */
export function conditionInWords(c: SnoozeCondition): string {
  if ('minutes' in c) return `for ${counted(c.minutes, 'minute')}`;
  if ('count' in c) return `until ${counted(c.count, 'more event')}`;
  if ('users' in c) return `until ${counted(c.users, 'more user')}`;
  return 'until it escalates';
}
