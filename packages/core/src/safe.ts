/**
 * Reading a thrown value without letting it throw again. Anything can be thrown in JS:
 * null, a Symbol, a Proxy whose every trap throws, an Error whose getters throw, an object
 * whose toString throws. Every other module reads thrown values only through these helpers.
 */

import { NonError } from './errors.js';
import { MAX_MESSAGE_LENGTH, MAX_TYPE_NAME_LENGTH } from './limits.js';

/** `obj[key]`, or undefined when reading it throws (hostile getter or Proxy trap). */
export function safeGet(obj: unknown, key: PropertyKey): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
  try {
    return (obj as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A string property, bounded; undefined unless it is really a string. */
export function safeString(obj: unknown, key: PropertyKey, max = MAX_MESSAGE_LENGTH): string | undefined {
  const v = safeGet(obj, key);
  return typeof v === 'string' ? truncate(v, max) : undefined;
}

/** A finite number property (or a numeric string such as '503'), else undefined. */
export function safeNumber(obj: unknown, key: PropertyKey): number | undefined {
  const v = safeGet(obj, key);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{1,9}$/.test(v)) return Number(v);
  return undefined;
}

export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** `value instanceof Error` that survives Proxies (whose getPrototypeOf trap may throw). */
export function isErrorLike(value: unknown): value is Error {
  try {
    if (value instanceof Error) return true;
  } catch {
    return false;
  }
  // Errors from another realm (vm, worker) fail instanceof but keep the tag.
  try {
    return Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

/** The error's type name: `name`, else its constructor's name, else 'Error'. Never throws. */
export function errorTypeName(value: unknown): string {
  const name = safeString(value, 'name', MAX_TYPE_NAME_LENGTH);
  if (name) return name;
  const ctor = safeGet(value, 'constructor');
  const ctorName = safeString(ctor, 'name', MAX_TYPE_NAME_LENGTH);
  return ctorName || 'Error';
}

/** What kind of value was thrown, for messages and logs: 'string', 'null', 'object', 'Proxy'... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  const t = typeof value;
  if (t !== 'object') return t;
  try {
    const ctor = safeGet(value, 'constructor');
    const name = safeString(ctor, 'name', MAX_TYPE_NAME_LENGTH);
    return name && name !== 'Object' ? name : 'object';
  } catch {
    return 'object';
  }
}

/** A bounded, never-throwing string rendering of any value (for messages of wrapped non-Errors). */
export function safeToString(value: unknown, max = MAX_MESSAGE_LENGTH): string {
  try {
    if (typeof value === 'string') return truncate(value, max);
    if (typeof value === 'symbol') return truncate(value.toString(), max);
    if (value === null || value === undefined || typeof value !== 'object')
      return truncate(String(value), max);
    const json = JSON.stringify(value);
    return typeof json === 'string' ? truncate(json, max) : '[object]';
  } catch {
    return '[unprintable value]';
  }
}

/**
 * Every thrown value as an Error: Errors (including cross-realm ones) are returned as they
 * are; anything else is wrapped in a `NonError` whose message says what was thrown.
 */
export function toError(value: unknown): Error {
  if (isErrorLike(value)) return value;
  const type = describeType(value);
  const rendered =
    type === 'object' || type === 'string' || type === 'number' ? safeToString(value, 200) : type;
  return new NonError(value, type, `Non-Error thrown: ${rendered}`);
}

/** The message of any thrown value, bounded. Never throws. */
export function errorMessage(value: unknown): string {
  if (isErrorLike(value)) return safeString(value, 'message') ?? '';
  return safeToString(value);
}
