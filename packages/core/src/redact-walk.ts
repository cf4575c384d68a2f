/**
 * The deep walk of redaction "by key": values under secret keys become REDACTED at any depth,
 * every string is scrubbed by value, and the walk is bounded (depth, nodes) and safe against
 * hostile objects (cycles, throwing getters and Proxy traps yield markers, never throws).
 *
 * Two modes, one walk, one result: `copy` builds a new object for every object it visits (the
 * public `redact` promises a deep copy); `share` returns plain objects and arrays that needed no
 * change as they are and copies only along the paths to a change, so scrubbing a clean event
 * allocates almost nothing. Both count nodes and place markers identically, so their results
 * are deep-equal.
 */

import type { SecretKeys } from './redact-keys.js';
import { REDACTED, scrubString } from './redact-value.js';
import { isErrorLike, safeGet } from './safe.js';

const CIRCULAR = '[Circular]';
const MAX_DEPTH_MARKER = '[MaxDepth]';
const TRUNCATED = '[Truncated]';
export const UNREADABLE = '[Unreadable]';

export interface Walk {
  keys: SecretKeys;
  maxDepth: number;
  maxNodes: number;
  nodes: number;
  ancestors: Set<object>;
  /** Return unchanged plain objects and arrays instead of copies of them. */
  share: boolean;
}

/** Own-property assignment that treats '__proto__' as data, not as a prototype change. */
export function setProp(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function entry(key: string, value: unknown, depth: number, w: Walk): unknown {
  if (w.keys.isSecret(key)) return value === null || value === undefined ? value : REDACTED;
  return visit(value, depth + 1, w);
}

/** The first `n` elements, as `copyArray` would have them when they needed no change. */
function arrayPrefix(arr: readonly unknown[], n: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(safeGet(arr, i));
  return out;
}

function copyArray(arr: readonly unknown[], depth: number, w: Walk, share: boolean): unknown[] {
  const len = safeGet(arr, 'length');
  const n = typeof len === 'number' ? len : 0;
  const first = safeGet(arr, 0);
  // Sentry allows headers, cookies and tags as [name, value] pairs (sentry-protocol.md §4.4).
  if (n === 2 && typeof first === 'string' && w.keys.isSecret(first)) return [first, REDACTED];
  let out: unknown[] | undefined = share ? undefined : [];
  for (let i = 0; i < n; i++) {
    if (++w.nodes > w.maxNodes) {
      out ??= arrayPrefix(arr, i);
      out.push(TRUNCATED); // one marker: a sparse array may claim a length of 2**32 - 1
      break;
    }
    const value = safeGet(arr, i);
    const clean = visit(value, depth + 1, w);
    if (out !== undefined) out.push(clean);
    else if (clean !== value) {
      out = arrayPrefix(arr, i);
      out.push(clean);
    }
  }
  return out ?? (arr as unknown[]);
}

/** An object's entries, copied or (`share`) the object itself when no entry changed. */
function copyEntries(obj: object, keys: readonly string[], depth: number, w: Walk, share: boolean): object {
  let out: Record<string, unknown> | undefined = share ? undefined : {};
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    let value: unknown = TRUNCATED;
    let unchanged = false;
    if (++w.nodes <= w.maxNodes) {
      const raw = safeGet(obj, key);
      value = entry(key, raw, depth, w);
      unchanged = value === raw;
    }
    if (out === undefined) {
      if (unchanged) continue;
      out = {};
      for (let j = 0; j < k; j++) setProp(out, keys[j] as string, safeGet(obj, keys[j] as string));
    }
    if (value !== undefined || Object.hasOwn(obj, key)) setProp(out, key, value);
  }
  return out ?? obj;
}

/** `Object.getPrototypeOf(obj) === proto`, false when a Proxy trap throws. */
function hasPrototype(obj: object, proto: object): boolean {
  try {
    return Object.getPrototypeOf(obj) === proto;
  } catch {
    return false;
  }
}

function copyObject(obj: object, depth: number, w: Walk): unknown {
  if (Array.isArray(obj)) return copyArray(obj, depth, w, w.share && hasPrototype(obj, Array.prototype));
  if (obj instanceof Date) return new Date(obj.getTime());
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer || obj instanceof RegExp) return obj;
  if (obj instanceof Map || obj instanceof Set) {
    const pairs = copyArray([...obj].slice(0, w.maxNodes), depth, w, false) as unknown[];
    return obj instanceof Map ? new Map(pairs.filter(Array.isArray) as [unknown, unknown][]) : new Set(pairs);
  }
  // Errors keep name/message/stack as non-enumerable own or inherited properties.
  if (isErrorLike(obj))
    return copyEntries(obj, ['name', 'message', 'stack', ...Object.keys(obj)], depth, w, false);
  // Only plain objects are shared: a class instance becomes a plain copy in both modes.
  const share = w.share && hasPrototype(obj, Object.prototype);
  return copyEntries(obj, Object.keys(obj), depth, w, share);
}

/**
 * `value` redacted; see the module comment for the two modes.
 * @example visit(event, 1, { keys, maxDepth: 20, maxNodes: 10_000, nodes: 0, ancestors: new Set(), share: false })
 */
export function visit(value: unknown, depth: number, w: Walk): unknown {
  if (typeof value === 'string') return scrubString(value, w.keys);
  if (value === null || typeof value !== 'object') return value;
  if (w.ancestors.has(value)) return CIRCULAR;
  if (depth > w.maxDepth) return MAX_DEPTH_MARKER;
  if (w.nodes > w.maxNodes) return TRUNCATED;
  w.ancestors.add(value);
  try {
    return copyObject(value, depth, w);
  } catch {
    return UNREADABLE; // a Proxy trap or an iterator threw
  } finally {
    w.ancestors.delete(value);
  }
}
