/**
 * `ignoreUntil` of PATCH /api/v1/issues/:issueId (issue 19 §2): exactly one of `{ minutes: N }`,
 * `{ count: N }`, `{ users: N }` (N a whole number from 1 to its MAX_SNOOZE_* bound) or
 * `{ escalating: true }`; every other shape is a 400 naming the field and what is accepted.
 */

import { badRequest } from '@faultline/core';
import { MAX_SNOOZE_COUNT, MAX_SNOOZE_MINUTES, MAX_SNOOZE_USERS } from '../limits.js';
import type { SnoozeCondition } from '../store/index.js';

const BOUNDS = { minutes: MAX_SNOOZE_MINUTES, count: MAX_SNOOZE_COUNT, users: MAX_SNOOZE_USERS } as const;
const KINDS = [...Object.keys(BOUNDS), 'escalating'];

function wholeNumber(value: unknown, name: keyof typeof BOUNDS): number {
  const max = BOUNDS[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw badRequest(`ignoreUntil.${name} must be a whole number from 1 to ${max.toLocaleString('en-US')}`);
  return value;
}

/**
 * The condition asked for, or undefined for none (absent or null: ignored forever).
 * @throws HttpError 400 naming the wrong field
 * @example ignoreUntil({ count: 10 }) // { count: 10 }
 */
export function ignoreUntil(value: unknown): SnoozeCondition | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw badRequest(`ignoreUntil must be an object with one of ${KINDS.join(', ')}`);
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined || !KINDS.includes(key))
    throw badRequest(
      `ignoreUntil must have exactly one of ${KINDS.join(', ')}; got ${keys.length === 0 ? 'none' : keys.join(', ')}`,
    );
  const field = (value as Record<string, unknown>)[key];
  if (key === 'escalating') {
    if (field !== true) throw badRequest('ignoreUntil.escalating must be true');
    return { escalating: true };
  }
  const n = wholeNumber(field, key as keyof typeof BOUNDS);
  return { [key]: n } as SnoozeCondition;
}
