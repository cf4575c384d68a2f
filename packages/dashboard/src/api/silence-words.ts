/**
 * A silence in words for the Alerts and issue pages: what it matches and when it ends. Pure, so
 * the wording is tested under node; the views render the result as text.
 */

import { whenInWords } from './format.js';
import type { Silence, SilenceMatchers } from './silence-types.js';

/**
 * @example matchersInWords({ issueId: 42, environment: 'production' })
 * // 'issue #42, environment production'
 */
export function matchersInWords(m: SilenceMatchers): string {
  const parts: string[] = [];
  if (m.ruleId !== undefined) parts.push(`rule #${m.ruleId}`);
  if (m.issueId !== undefined) parts.push(`issue #${m.issueId}`);
  if (m.route !== undefined) parts.push(`route ${m.route}`);
  if (m.release !== undefined) parts.push(`release ${m.release}`);
  if (m.environment !== undefined) parts.push(`environment ${m.environment}`);
  return parts.length === 0 ? 'everything' : parts.join(', ');
}

/**
 * When a silence ends, or ended.
 * @example silenceEndInWords({ untilResolved: true, endedAt: null, … }) // 'until the issue is resolved'
 */
export function silenceEndInWords(
  s: Pick<Silence, 'endsAt' | 'untilResolved' | 'endedAt'>,
  timeZone?: string,
): string {
  if (s.endedAt !== null) return `ended ${whenInWords(s.endedAt, timeZone)}`;
  if (s.untilResolved || s.endsAt === null) return 'until the issue is resolved';
  return `until ${whenInWords(s.endsAt, timeZone)}`;
}
