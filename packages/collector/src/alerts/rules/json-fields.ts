/**
 * Reading untrusted JSON into a rule, one field at a time. Every failure is an AlertRuleError
 * naming the field's path, and an unknown key is refused rather than ignored: a misspelt
 * `windowMinute` must not silently become the default.
 */

import { AlertRuleError } from './alert-rule-error.js';

export type JsonObject = Record<string, unknown>;

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** A value as a message quotes it: numbers as they are, anything else by its kind. */
const shown = (value: unknown): string => (typeof value === 'number' ? String(value) : describe(value));

/**
 * The object at `path`, with only `allowed` keys.
 * @example const o = objectAt(json, 'trigger', ['type', 'count', 'windowMinutes'])
 */
export function objectAt(value: unknown, path: string, allowed: readonly string[]): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AlertRuleError(
      path,
      `${path === '' ? 'a rule' : path} is a JSON object, not ${describe(value)}`,
    );
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path === '' ? key : `${path}.${key}`;
      throw new AlertRuleError(where, `${where} is not a field here; the fields are ${allowed.join(', ')}`);
    }
  }
  return value as JsonObject;
}

/**
 * A string of 1 to `max` characters, trimmed, without control characters (it ends up in email
 * subjects and chat messages).
 * @example textAt(o.name, 'name', 200)
 */
export function textAt(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string')
    throw new AlertRuleError(path, `${path} is a string, not ${describe(value)}`);
  const text = value.trim();
  if (text.length === 0 || text.length > max)
    throw new AlertRuleError(path, `${path} has 1 to ${max} characters (got ${text.length})`);
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new AlertRuleError(path, `${path} may not contain control characters (line breaks, tabs)`);
  return text;
}

/**
 * An integer in [min, max].
 * @example integerAt(o.count, 'trigger.count', 1, 1000)
 */
export function integerAt(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new AlertRuleError(path, `${path} is an integer from ${min} to ${max}, not ${shown(value)}`);
  return value;
}

/**
 * A finite number in the range; `exclusiveMin` leaves `min` itself out.
 * @example numberAt(o.threshold, 'trigger.threshold', 0, 1, true)
 */
export function numberAt(
  value: unknown,
  path: string,
  min: number,
  max: number,
  exclusiveMin = false,
): number {
  const low = exclusiveMin ? `above ${min}` : `from ${min}`;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value > max ||
    value < min ||
    (exclusiveMin && value === min)
  )
    throw new AlertRuleError(path, `${path} is a number ${low} to ${max}, not ${shown(value)}`);
  return value;
}

/**
 * An array of 1 to `max` items.
 * @example listAt(o.channels, 'channels', 10)
 */
export function listAt(value: unknown, path: string, max: number, min = 1): unknown[] {
  if (!Array.isArray(value)) throw new AlertRuleError(path, `${path} is an array, not ${describe(value)}`);
  if (value.length < min || value.length > max)
    throw new AlertRuleError(path, `${path} has ${min} to ${max} items (got ${value.length})`);
  return value;
}
