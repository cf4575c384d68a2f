/**
 * Relay trims over-long values instead of rejecting the event (sentry-protocol.md §4.7, §7):
 * strings are cut, and a stack trace longer than the hard limit keeps its first `n - 1` frames
 * and its last one (relay `enforce_frame_hard_limit`: the crashing frame is the useful one).
 * Works in place on freshly parsed JSON, whose depth parseJsonBounded already bounded, so the
 * recursion is shallow.
 */

/** Appended to a cut string, as Relay's trimming marks truncation with "...". */
const ELLIPSIS = '...';

export interface TrimBounds {
  maxStringLength: number;
  maxFramesPerStack: number;
}

function trimString(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max - ELLIPSIS.length);
  // Never split a surrogate pair: a lone half is invalid UTF-16 and fails to encode later.
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end) + ELLIPSIS;
}

function trimFrames(frames: unknown[], max: number): void {
  if (frames.length <= max || max < 1) return;
  const last = frames[frames.length - 1];
  frames.length = max - 1;
  frames.push(last);
}

function visit(value: unknown, bounds: TrimBounds): unknown {
  if (typeof value === 'string') return trimString(value, bounds.maxStringLength);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = visit(value[i], bounds);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const child = obj[key];
      if (key === 'frames' && Array.isArray(child)) trimFrames(child, bounds.maxFramesPerStack);
      obj[key] = visit(child, bounds);
    }
  }
  return value;
}

/**
 * Cuts long strings and long stack traces of a parsed event, in place; returns the event.
 * @example trimEvent({ message: 'x'.repeat(10_000) }, { maxStringLength: 8192, maxFramesPerStack: 250 }).message.length // 8192
 */
export function trimEvent<T>(event: T, bounds: TrimBounds): T {
  return visit(event, bounds) as T;
}
