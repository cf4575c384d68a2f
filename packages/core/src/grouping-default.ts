/**
 * The built-in grouping components of an event, in Sentry's strategy order (sentry-protocol.md
 * §8.1-8.4): chained exceptions, else the one thread with a stack trace, else a bare stack
 * trace, else the message. Each exception contributes its type (unless `mechanism.synthetic`)
 * and its frames; its normalized value only when no frame contributes. Frames use the app
 * variant (in-app frames only) when any exception has a contributing in-app frame, else the
 * system variant (all frames).
 */

import { frameComponent, type GroupingFrame, isLowQuality, readFrame, sameFrame } from './grouping-frame.js';
import {
  MAX_FRAMES,
  MAX_GROUPING_COMPONENT_LENGTH,
  MAX_GROUPING_VALUES,
  MAX_TYPE_NAME_LENGTH,
} from './limits.js';
import { normalizeMessage } from './normalize-message.js';
import { safeGet, safeString } from './safe.js';

/** Up to `max` items of an array-like, the LAST ones (newest frames, the thrown error). */
export function lastItems(value: unknown, max: number): unknown[] {
  try {
    if (!Array.isArray(value)) return [];
    const length = safeGet(value, 'length');
    if (typeof length !== 'number') return [];
    const out: unknown[] = [];
    for (let i = Math.max(0, length - max); i < length; i++) out.push(safeGet(value, i));
    return out;
  } catch {
    return []; // a revoked Proxy throws even on Array.isArray
  }
}

/** `exception` is `{ values: [...] }` or, from older SDKs, a bare array (§4.2). */
export function exceptionValues(event: unknown): unknown[] {
  const exception = safeGet(event, 'exception');
  const values = Array.isArray(exception) ? exception : safeGet(exception, 'values');
  return lastItems(values, MAX_GROUPING_VALUES);
}

export function stackFrames(holder: unknown): GroupingFrame[] {
  return lastItems(safeGet(safeGet(holder, 'stacktrace'), 'frames'), MAX_FRAMES).map(readFrame);
}

type Variant = 'app' | 'system';

/** The frame components of one stack trace for a variant, recursion and noise removed. */
export function contributingFrames(frames: GroupingFrame[], variant: Variant): string[] {
  // A JS trace of one nameless frame pointing at a URL says nothing (newstyle.py).
  const only = frames.length === 1 ? frames[0] : undefined;
  if (only && only.function === undefined && /^https?:\/\//i.test(only.abs_path ?? '')) return [];
  const out: string[] = [];
  let previous: GroupingFrame | undefined;
  for (const frame of frames) {
    const repeat = previous !== undefined && sameFrame(previous, frame);
    previous = frame;
    if (repeat || isLowQuality(frame) || (variant === 'app' && !frame.in_app)) continue;
    const component = frameComponent(frame);
    if (component !== undefined) out.push(`frame:${component}`);
  }
  return out;
}

function exceptionComponents(value: unknown, frames: GroupingFrame[], variant: Variant): string[] {
  const out: string[] = [];
  const type = safeString(value, 'type', MAX_TYPE_NAME_LENGTH);
  const synthetic = safeGet(safeGet(value, 'mechanism'), 'synthetic') === true;
  if (type && !synthetic) out.push(`type:${type}`);
  const frameParts = contributingFrames(frames, variant);
  if (frameParts.length > 0) return out.concat(frameParts);
  // "Stacktrace takes precedence": the value counts only for trace-less errors (§8.4).
  const text = safeString(value, 'value');
  if (text) out.push(`value:${bounded(normalizeMessage(text))}`);
  return out;
}

function bounded(s: string): string {
  return s.length > MAX_GROUPING_COMPONENT_LENGTH ? s.slice(0, MAX_GROUPING_COMPONENT_LENGTH) : s;
}

function fromFrameLists(lists: GroupingFrame[][]): string[] {
  const hasApp = lists.some((frames) => contributingFrames(frames, 'app').length > 0);
  return lists.flatMap((frames) => contributingFrames(frames, hasApp ? 'app' : 'system'));
}

/** The message text grouping uses: the raw template (so params do not split groups), first
 * line only, normalized (§8.4). */
export function messageText(event: unknown): string | undefined {
  const logentry = safeGet(event, 'logentry');
  const message = safeGet(event, 'message');
  const raw =
    safeString(logentry, 'message') ??
    safeString(logentry, 'formatted') ??
    (typeof message === 'string' ? message : undefined) ??
    safeString(message, 'message') ??
    safeString(message, 'formatted');
  const line = raw?.trim().split('\n', 1)[0];
  return line ? bounded(normalizeMessage(line)) : undefined;
}

/** The default components of an event; `[]` when it has nothing to group on. */
export function defaultComponents(event: unknown): string[] {
  const exceptions = exceptionValues(event);
  if (exceptions.length > 0) {
    const frames = exceptions.map(stackFrames);
    const hasApp = frames.some((f) => contributingFrames(f, 'app').length > 0);
    const parts = exceptions.flatMap((value, i) =>
      exceptionComponents(value, frames[i] ?? [], hasApp ? 'app' : 'system'),
    );
    if (parts.length > 0) return parts;
  }
  const threads = lastItems(safeGet(safeGet(event, 'threads'), 'values'), MAX_GROUPING_VALUES)
    .map(stackFrames)
    .filter((f) => f.length > 0);
  if (threads.length === 1) {
    const parts = fromFrameLists(threads);
    if (parts.length > 0) return parts;
  }
  const bare = stackFrames(event);
  if (bare.length > 0) {
    const parts = fromFrameLists([bare]);
    if (parts.length > 0) return parts;
  }
  const message = messageText(event);
  return message ? [`message:${message}`] : [];
}
