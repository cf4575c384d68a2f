/**
 * Any thrown value to Sentry's `exception.values`
 * (https://develop.sentry.dev/sdk/data-model/event-payloads/exception/ ; sentry-protocol.md §4.2).
 * Causes and AggregateError children are flattened by cause-chain.ts, oldest first and the
 * thrown error last; each value's `mechanism` carries the tree links the way Sentry's
 * LinkedErrors/AggregateErrors integrations send them (`exception_id`, `parent_id`, `source`,
 * `is_exception_group`). Every read of the thrown value goes through safe.ts.
 */

import { type ErrorNode, flattenErrorTree } from './cause-chain.js';
import type { ExceptionValue, Mechanism } from './event.js';
import { errorMessage, errorTypeName, isErrorLike, safeGet, toError } from './safe.js';
import { parseStack } from './stack.js';

/** How to build the values: the thrown error's mechanism and the stack-parsing options. */
export interface ExceptionOptions {
  /** Merged into the thrown error's mechanism; `type` defaults to 'generic', `handled` to false. */
  mechanism?: Partial<Mechanism>;
  /** The application root, for stable frame filenames (see parseStack). */
  root?: string;
  /** Frames kept per stack trace (see parseStack). */
  maxFrames?: number;
}

/** The tree, or just the thrown value when walking it fails: an `errors` property holding a
 * revoked Proxy makes the `Array.isArray` in cause-chain.ts throw. */
function nodesOf(error: unknown): ErrorNode[] {
  try {
    return flattenErrorTree(error);
  } catch {
    return [{ error, id: 0, parentId: undefined, source: undefined, isGroup: false }];
  }
}

/**
 * V8 writes `${name}: ${message}` and then the frames; a multi-line message can itself hold
 * lines that look like frames (a wrapped error's stack pasted into the message), so when the
 * message is known the parse starts after it.
 */
function framesPart(stack: string, message: string): string {
  if (!message.includes('\n')) return stack;
  const at = stack.indexOf(message);
  return at === -1 ? stack : stack.slice(at + message.length);
}

function mechanismFor(node: ErrorNode, tree: boolean, options: ExceptionOptions | undefined): Mechanism {
  const base: Mechanism = {
    ...options?.mechanism,
    type: options?.mechanism?.type ?? 'generic',
    handled: options?.mechanism?.handled ?? false,
  };
  if (!tree) return base;
  // Children are marked `chained` like Sentry's integrations do; the thrown error keeps the
  // caller's mechanism. Ids follow cause-chain.ts: 0 is the thrown error.
  const mechanism: Mechanism =
    node.parentId === undefined
      ? { ...base, exception_id: node.id }
      : { type: 'chained', handled: base.handled, exception_id: node.id, parent_id: node.parentId };
  if (node.source !== undefined) mechanism.source = node.source;
  if (node.isGroup) mechanism.is_exception_group = true;
  return mechanism;
}

function toValue(node: ErrorNode, tree: boolean, options: ExceptionOptions | undefined): ExceptionValue {
  const isError = isErrorLike(node.error);
  const error = toError(node.error);
  const value = errorMessage(error);
  const exception: ExceptionValue = { type: errorTypeName(error), value };
  const mechanism = mechanismFor(node, tree, options);
  // A thrown non-Error has no throw site of its own: the wrapper's stack would point at this
  // function, so every thrown string would group by where it was caught. Sentry marks such
  // type/value pairs synthetic (don't group on the type); the value still groups.
  if (!isError) mechanism.synthetic = true;
  exception.mechanism = mechanism;
  // The stack is read from the thrown value itself, so an error-like object ({ message,
  // stack } from JSON) keeps its frames and a wrapped primitive gets none.
  const stack = safeGet(node.error, 'stack');
  if (typeof stack === 'string') {
    const message = isError ? value : '';
    const frames = parseStack(framesPart(stack, message), {
      ...(options?.root === undefined ? {} : { root: options.root }),
      ...(options?.maxFrames === undefined ? {} : { maxFrames: options.maxFrames }),
    });
    if (frames.length > 0) exception.stacktrace = { frames };
  }
  return exception;
}

/**
 * The Sentry `exception.values` for any thrown value: one entry per error of its cause chain
 * and AggregateError tree, oldest cause first and the thrown error last, each with its type,
 * bounded message, parsed stack trace and mechanism. Thrown non-Errors (null, strings,
 * Symbols, Proxies, objects whose getters or toString throw) become a `NonError` entry with
 * `mechanism.synthetic`. Never throws.
 *
 * @example
 * const values = toExceptionValues(new Error('db down', { cause: new Error('ECONNREFUSED') }));
 * values.map((v) => [v.value, v.mechanism?.exception_id]); // [['ECONNREFUSED', 1], ['db down', 0]]
 */
export function toExceptionValues(error: unknown, options?: ExceptionOptions): ExceptionValue[] {
  const nodes = nodesOf(error);
  const tree = nodes.length > 1;
  return nodes.map((node) => toValue(node, tree, options));
}
