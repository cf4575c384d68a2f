/**
 * `parseSilence`: untrusted JSON → a silence the store may keep (issue 14 §4). Pure but for the
 * clock it is given. `endsAt` is an ISO 8601 date-time with its offset or epoch milliseconds
 * (rules/instant-field.ts).
 */

import {
  MAX_ALERT_FILTER_VALUE_LENGTH,
  MAX_SILENCE_COMMENT_LENGTH,
  MAX_SILENCE_DURATION_MS,
} from '../../limits.js';
import { AlertRuleError } from '../rules/alert-rule-error.js';
import { instantAt } from '../rules/instant-field.js';
import { integerAt, objectAt, textAt } from '../rules/json-fields.js';
import { SilenceError } from './silence-error.js';
import { SILENCE_MATCHER_KEYS, type SilenceInput, type SilenceMatchers } from './silence-types.js';

export const SILENCE_FIELDS = ['matchers', 'endsAt', 'untilResolved', 'comment'] as const;

const DAY_MS = 24 * 60 * 60_000;

function matchersAt(value: unknown): SilenceMatchers {
  const o = objectAt(value, 'matchers', SILENCE_MATCHER_KEYS);
  const m: SilenceMatchers = {};
  if (o.ruleId !== undefined) m.ruleId = integerAt(o.ruleId, 'matchers.ruleId', 1, Number.MAX_SAFE_INTEGER);
  if (o.issueId !== undefined)
    m.issueId = integerAt(o.issueId, 'matchers.issueId', 1, Number.MAX_SAFE_INTEGER);
  for (const key of ['route', 'release', 'environment'] as const)
    if (o[key] !== undefined) m[key] = textAt(o[key], `matchers.${key}`, MAX_ALERT_FILTER_VALUE_LENGTH);
  if (Object.keys(m).length === 0)
    throw new SilenceError(
      'matchers',
      `matchers needs at least one of ${SILENCE_MATCHER_KEYS.join(', ')}: a silence of everything is a rule to delete`,
    );
  return m;
}

function endsAtOf(value: unknown, now: number): number {
  const at = instantAt(value, 'endsAt');
  if (at <= now)
    throw new SilenceError(
      'endsAt',
      `endsAt ${new Date(at).toISOString()} is not in the future (now is ${new Date(now).toISOString()})`,
    );
  if (at - now > MAX_SILENCE_DURATION_MS)
    throw new SilenceError(
      'endsAt',
      `endsAt is at most ${MAX_SILENCE_DURATION_MS / DAY_MS} days from now (MAX_SILENCE_DURATION_MS)`,
    );
  return at;
}

function parse(json: unknown, now: number): SilenceInput {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new SilenceError('', 'a silence is a JSON object');
  const o = objectAt(json, '', SILENCE_FIELDS);
  const matchers = matchersAt(o.matchers);
  if (o.untilResolved !== undefined && typeof o.untilResolved !== 'boolean')
    throw new SilenceError('untilResolved', 'untilResolved is true or false');
  const untilResolved = o.untilResolved === true;
  if (untilResolved && matchers.issueId === undefined)
    throw new SilenceError(
      'matchers.issueId',
      'an untilResolved silence is for one issue: set matchers.issueId',
    );
  if (untilResolved && o.endsAt !== undefined)
    throw new SilenceError(
      'endsAt',
      'an untilResolved silence has no endsAt: it ends when the issue is resolved',
    );
  if (!untilResolved && o.endsAt === undefined)
    throw new SilenceError('endsAt', 'endsAt is required (or untilResolved: true with matchers.issueId)');
  const comment =
    o.comment === undefined || o.comment === null || o.comment === ''
      ? null
      : textAt(o.comment, 'comment', MAX_SILENCE_COMMENT_LENGTH);
  return { matchers, endsAt: untilResolved ? null : endsAtOf(o.endsAt, now), untilResolved, comment };
}

/**
 * @param now the clock `endsAt` must be after (ms)
 * @throws SilenceError naming the first field that is wrong
 * @example parseSilence({ matchers: { issueId: 42 }, endsAt: '2026-12-08T09:00:00Z', comment: 'deploy' }, Date.now())
 */
export function parseSilence(json: unknown, now: number): SilenceInput {
  try {
    return parse(json, now);
  } catch (error) {
    // The rules' field readers say what is wrong the same way; only the code differs.
    if (error instanceof AlertRuleError) throw new SilenceError(error.field, error.message, { cause: error });
    throw error;
  }
}
