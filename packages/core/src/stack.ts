/**
 * V8 stack strings (`error.stack`) to Sentry stack frames
 * (https://develop.sentry.dev/sdk/data-model/event-payloads/stacktrace/ ; sentry-protocol.md §4.3).
 * The string is attacker-shaped (a message can hold anything, a minified line can be MBs), so
 * the parser is bounded, uses no backtracking-prone regexes, and never throws.
 * The format is V8's: https://v8.dev/docs/stack-trace-api ("    at fn (file:line:col)").
 */

import type { StackFrame } from './event.js';
import { MAX_FRAMES, MAX_STACK_LENGTH, MAX_STACK_LINE_LENGTH } from './limits.js';
import { describePath, normalizeRoot } from './stack-path.js';

/** Bounds and the deploy root for parseStack. */
export interface ParseStackOptions {
  /** Frames kept (the newest ones survive); default and maximum MAX_FRAMES. */
  maxFrames?: number;
  /** The application root; stripped from paths to give a stable, relative `filename`. */
  root?: string;
}

/** Locations that name no file: builtins and code without a script. */
const NO_FILE = new Set(['native', '<anonymous>', 'unknown location']);

/** The index of the `(` that matches the `)` closing `s`, or -1. */
function openingParen(s: string): number {
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

/**
 * An eval origin, `eval at fn (file:1:2), <anonymous>:1:1`, points into code that has no
 * file; the place that called eval (`file:1:2`) is the useful location. Origins nest once per
 * eval, so this loops; each step shortens the string, so it ends.
 */
function unwrapEval(location: string): string {
  while (location.startsWith('eval at ')) {
    const open = location.indexOf(' (');
    let close = location.lastIndexOf('), ');
    if (close === -1) close = location.lastIndexOf(')');
    if (open === -1 || close <= open) return location;
    location = location.slice(open + 2, close);
  }
  return location;
}

/** `file:12:5` → path, line, column (digits only; a path may itself contain colons). */
function splitPosition(location: string): { path: string; lineno?: number; colno?: number } {
  const m = /:(\d{1,9})(?::(\d{1,9}))?$/.exec(location);
  if (!m) return { path: location };
  const path = location.slice(0, m.index);
  return m[2] === undefined
    ? { path, lineno: Number(m[1]) }
    : { path, lineno: Number(m[1]), colno: Number(m[2]) };
}

/** `Foo.bar [as baz]` → `Foo.bar`: the alias names the call site, not the function. */
function cleanFunction(name: string): string | undefined {
  let fn = name.trim();
  const alias = fn.lastIndexOf(' [as ');
  if (alias !== -1 && fn.endsWith(']')) fn = fn.slice(0, alias);
  return fn === '' ? undefined : fn;
}

/** One trimmed line that starts with `at `, as a frame; undefined if it is not one. */
function parseFrameLine(line: string, root: string | undefined): StackFrame | undefined {
  let body = line.slice(3).trim();
  // `at async fn (...)` marks an await continuation; the function is still `fn`.
  if (body.startsWith('async ')) body = body.slice(6);
  let name: string | undefined;
  let location = body;
  if (body.endsWith(')')) {
    const open = openingParen(body);
    if (open > 0) {
      name = body.slice(0, open);
      location = body.slice(open + 1, -1);
    }
  }
  const frame: StackFrame = {};
  const fn = name === undefined ? undefined : cleanFunction(name);
  location = unwrapEval(location.trim());
  if (location === '') return fn === undefined ? undefined : { function: fn, in_app: false };
  if (NO_FILE.has(location) || location.startsWith('index ')) {
    // Builtins: `Array.map (native)`, `(<anonymous>)`, `Promise.all (index 0)`.
    if (!location.startsWith('index ')) Object.assign(frame, { filename: location, abs_path: location });
    if (fn !== undefined) frame.function = fn;
    frame.in_app = false;
    return frame.function === undefined && frame.filename === undefined ? undefined : frame;
  }
  const { path, lineno, colno } = splitPosition(location);
  // V8 always prints a position for script code; a line without one is prose from a
  // multi-line message ("at noon the job failed"), not a frame.
  if (path === '' || lineno === undefined) return undefined;
  const info = describePath(path, root);
  Object.assign(frame, { filename: info.filename, abs_path: info.abs_path });
  if (fn !== undefined) frame.function = fn;
  frame.module = info.module;
  if (lineno !== undefined) frame.lineno = lineno;
  if (colno !== undefined) frame.colno = colno;
  frame.in_app = info.in_app;
  return frame;
}

function frameLimit(maxFrames: number | undefined): number {
  if (typeof maxFrames !== 'number' || Number.isNaN(maxFrames)) return MAX_FRAMES;
  return Math.max(0, Math.min(MAX_FRAMES, Math.floor(maxFrames)));
}

/**
 * Parses a V8 stack string into Sentry frames, oldest (caller) first and the crashing frame
 * last, which is the reverse of V8's order. Lines that are not frames (the message, however
 * many lines it has) are skipped. The stack is cut at MAX_STACK_LENGTH and lines longer than
 * MAX_STACK_LINE_LENGTH are skipped; when there are more than `maxFrames` frames the newest
 * are kept, as they are the ones nearest the bug. Never throws.
 *
 * @example
 * parseStack('Error: boom\n    at getUser (/srv/app/routes/users.js:14:15)', { root: '/srv/app' });
 * // [{ filename: 'routes/users.js', abs_path: '/srv/app/routes/users.js', function: 'getUser',
 * //    module: 'routes:users', lineno: 14, colno: 15, in_app: true }]
 */
export function parseStack(stack: string | undefined, options?: ParseStackOptions): StackFrame[] {
  if (typeof stack !== 'string' || stack === '') return [];
  const limit = frameLimit(options?.maxFrames);
  const root = normalizeRoot(options?.root);
  const frames: StackFrame[] = [];
  // V8 lists the newest frame first, so cutting the tail keeps the frames we want.
  for (const raw of stack.slice(0, MAX_STACK_LENGTH).split('\n')) {
    if (frames.length >= limit) break;
    if (raw.length > MAX_STACK_LINE_LENGTH) continue;
    const line = raw.trim();
    if (!line.startsWith('at ')) continue;
    const frame = parseFrameLine(line, root);
    if (frame !== undefined) frames.push(frame);
  }
  return frames.reverse();
}
