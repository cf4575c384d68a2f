/**
 * Walking `cause` links and AggregateError children, bounded and cycle-safe. A cause chain
 * is attacker-shaped data too (an error can be its own cause, or a Proxy), so the walk
 * reads through safe.ts and stops at MAX_CAUSE_DEPTH.
 */

import { MAX_CAUSE_DEPTH } from './limits.js';
import { safeGet } from './safe.js';

/** The error and its causes, outermost (the thrown one) first. Stops at a cycle or the bound. */
export function causeChain(error: unknown, maxDepth = MAX_CAUSE_DEPTH): unknown[] {
  const chain: unknown[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (chain.length < maxDepth && !seen.has(current)) {
    chain.push(current);
    if (current === null || (typeof current !== 'object' && typeof current !== 'function')) break;
    seen.add(current);
    const next = safeGet(current, 'cause');
    if (next === undefined) break;
    current = next;
  }
  return chain;
}

/** One node of a flattened error tree, in the shape Sentry's exception mechanism wants. */
export interface ErrorNode {
  error: unknown;
  /** 0 for the thrown error; unique per node. */
  id: number;
  /** The id of the error that wraps this one (through `cause` or AggregateError `errors`). */
  parentId: number | undefined;
  /** How this node hangs from its parent. */
  source: 'cause' | `errors[${number}]` | undefined;
  /** True for an AggregateError (it has children under `errors`). */
  isGroup: boolean;
}

function aggregateChildren(error: unknown): unknown[] {
  const errors = safeGet(error, 'errors');
  try {
    // Array.isArray throws on a revoked Proxy.
    if (!Array.isArray(errors)) return [];
    return errors.slice(0, MAX_CAUSE_DEPTH);
  } catch {
    return [];
  }
}

/**
 * The whole tree under `error` (causes and AggregateError children), depth-first, bounded
 * to `maxNodes`, cycle-safe. Returned in Sentry's order: oldest (deepest cause) first and
 * the thrown error (id 0) last, as `exception.values` expects (sentry-protocol.md §4.2).
 */
export function flattenErrorTree(error: unknown, maxNodes = MAX_CAUSE_DEPTH): ErrorNode[] {
  const nodes: ErrorNode[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, parentId: number | undefined, source: ErrorNode['source']): void => {
    if (nodes.length >= maxNodes) return;
    const isObject = value !== null && (typeof value === 'object' || typeof value === 'function');
    if (isObject) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    const children = isObject ? aggregateChildren(value) : [];
    const id = nodes.length;
    nodes.push({ error: value, id, parentId, source, isGroup: children.length > 0 });
    if (!isObject) return;
    for (const [i, child] of children.entries()) visit(child, id, `errors[${i}]`);
    const cause = safeGet(value, 'cause');
    if (cause !== undefined) visit(cause, id, 'cause');
  };
  visit(error, undefined, undefined);
  return nodes.reverse();
}
