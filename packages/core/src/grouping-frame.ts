/**
 * What one stack frame contributes to a grouping hash, after Sentry's `newstyle` frame rules
 * (sentry-protocol.md §8.3; https://develop.sentry.dev/backend/application-domains/grouping/):
 * a location (module, else the file's base name) and a function name, never line or column
 * numbers, deploy directories or build content hashes. Frames come from events, so every
 * field is read through safe.ts and bounded.
 */

import { MAX_GROUPING_COMPONENT_LENGTH } from './limits.js';
import { safeGet, safeString } from './safe.js';

/** The frame fields grouping reads, as bounded strings. */
export interface GroupingFrame {
  abs_path: string | undefined;
  filename: string | undefined;
  module: string | undefined;
  function: string | undefined;
  package: string | undefined;
  lineno: unknown;
  colno: unknown;
  in_app: boolean;
}

/** Function names that say "unknown" (Sentry's JS list, plus V8's spellings). */
const UNKNOWN_FUNCTIONS = new Set(['', '?', '<anonymous>', 'anonymous', 'Anonymous function', '<unknown>']);
/** abs_path values of code without a script: low-quality frames that never contribute. */
const NO_SCRIPT = new Set(['[native code]', 'native code', 'eval code', '<anonymous>', 'native']);
const URL_ORIGIN = /^https?:\/\//i;

export function readFrame(value: unknown): GroupingFrame {
  const str = (key: string): string | undefined => safeString(value, key, MAX_GROUPING_COMPONENT_LENGTH);
  return {
    abs_path: str('abs_path'),
    filename: str('filename'),
    module: str('module'),
    function: str('function'),
    package: str('package'),
    lineno: safeGet(value, 'lineno'),
    colno: safeGet(value, 'colno'),
    in_app: safeGet(value, 'in_app') === true,
  };
}

/**
 * Drops build content hashes from a file or module name: `main.3f9a8b2c.js` → `main.js`,
 * Vite's `index-BkD9f3xA.js` → `index.js`. A segment counts as a hash when it has a digit and
 * is either 8+ hex digits or 8+ mixed-case alphanumerics; `user-profile2` is left alone.
 */
export function stripContentHash(name: string): string {
  return name.replace(/[.-]([A-Za-z0-9_]{8,64})(?=[.:/]|$)/g, (whole, segment: string) => {
    if (!/\d/.test(segment)) return whole;
    const hex = /^[0-9a-f]+$/i.test(segment);
    const mixedCase = /[a-z]/.test(segment) && /[A-Z]/.test(segment);
    return hex || mixedCase ? '' : whole;
  });
}

/** JS function names group on the part after the last `.` (`Module.getUser` → `getUser`), so
 * the receiver V8 happened to print does not split groups. Undefined when unknown. */
export function groupingFunction(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let fn = raw.trim();
  if (fn.startsWith('async ')) fn = fn.slice(6);
  const alias = fn.lastIndexOf(' [as ');
  if (alias !== -1) fn = fn.slice(0, alias);
  fn = fn.slice(fn.lastIndexOf('.') + 1);
  if (UNKNOWN_FUNCTIONS.has(fn) || fn.endsWith('/<')) return undefined;
  return fn;
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * The frame's location: its module when usable (it then takes precedence over the file), else
 * the lowercased base name of its file; undefined for URL-origin files (browser code whose
 * host and path vary) and for code without a script.
 */
function groupingLocation(frame: GroupingFrame): string | undefined {
  const { module, abs_path } = frame;
  // A browser SDK's module that is just the tail of a URL path is not a module (newstyle.py).
  const moduleIsPath = module?.includes('/') && abs_path?.endsWith(module) === true;
  if (module && !moduleIsPath) return stripContentHash(module);
  const file = frame.filename ?? abs_path;
  if (file === undefined || (abs_path !== undefined && URL_ORIGIN.test(abs_path))) return undefined;
  if (NO_SCRIPT.has(file)) return undefined;
  // Hashes first: Vite's mixed-case hashes are recognised by their case.
  const base = stripContentHash(basename(file)).toLowerCase();
  return base === '' ? undefined : base;
}

/** Frames that never contribute: `eval` frames and code without a script (§8.3). */
export function isLowQuality(frame: GroupingFrame): boolean {
  const fn = frame.function?.trim();
  if (fn === 'eval') return true;
  return frame.abs_path !== undefined && NO_SCRIPT.has(frame.abs_path);
}

/** Same place as the previous frame: recursion, which contributes once. */
export function sameFrame(a: GroupingFrame, b: GroupingFrame): boolean {
  return (
    a.abs_path === b.abs_path &&
    a.package === b.package &&
    a.module === b.module &&
    a.filename === b.filename &&
    a.function === b.function &&
    a.lineno === b.lineno &&
    a.colno === b.colno
  );
}

/** The frame's grouping component (`routes:users getUser`), or undefined if it has none. */
export function frameComponent(frame: GroupingFrame): string | undefined {
  const location = groupingLocation(frame);
  const fn = groupingFunction(frame.function);
  if (location === undefined) return fn;
  return fn === undefined ? location : `${location} ${fn}`;
}
