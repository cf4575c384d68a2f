/**
 * Minified or bundled stack frames mapped back to their source through source maps
 * (sentry-cli.md §3.4), pure: the caller gives the map of each frame's file. A mapped frame
 * gets the original file, line, column, source lines around it and, by caller naming, the
 * function name: the name of the token at the *caller's* call site names the callee, since the
 * name at a frame's own position is the function it calls, not the one it is in. Frames no map
 * covers, or at a position the map does not cover, stay as they were.
 */

import { posix } from 'node:path';
import type { StackFrame } from '@faultline/core';
import { originalPositionFor, sourceContentFor, type TraceMap } from '@jridgewell/trace-mapping';
import { MAX_SOURCE_CONTEXT_LINE_CHARS, SOURCE_CONTEXT_LINES } from '../limits.js';

/** The file of a frame as `debug_meta.images[].code_file` names it (old SDKs prefix "async "). */
export function frameFile(frame: StackFrame): string | undefined {
  const file = frame.abs_path ?? frame.filename;
  return typeof file === 'string' ? file.replace(/^async /, '') : undefined;
}

/** A source path as people read it: bundler prefixes and leading `./`, `../` gone. */
export function sourceName(source: string): string {
  return source
    .replace(/^webpack:\/\/\/?(?:[^/]*\/)?/, '')
    .replace(/^\/~\//, '')
    .replace(/^(?:\.\.?\/)+/, '');
}

/** Where the source is, next to the built file (Node paths), or as the map says (URLs). */
function absoluteSource(codeFile: string, source: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return source;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(codeFile)) {
    try {
      return new URL(source, codeFile).href;
    } catch {
      return source;
    }
  }
  return posix.normalize(posix.join(posix.dirname(codeFile), source));
}

const cut = (line: string) => line.slice(0, MAX_SOURCE_CONTEXT_LINE_CHARS);

function context(map: TraceMap, source: string, line: number) {
  const text = sourceContentFor(map, source);
  if (typeof text !== 'string') return {};
  const lines = text.split(/\r?\n/);
  const at = line - 1;
  if (at < 0 || at >= lines.length) return {};
  return {
    pre_context: lines.slice(Math.max(0, at - SOURCE_CONTEXT_LINES), at).map(cut),
    context_line: cut(lines[at] as string),
    post_context: lines.slice(at + 1, at + 1 + SOURCE_CONTEXT_LINES).map(cut),
  };
}

/** Names that say nothing about the function a frame is in. */
const USELESS_NAMES = new Set(['<anonymous>', '__webpack_require__', '__require', 'require']);

/** A frame file's map and how it was found (Sentry's `resolved_with`: by debug ID, or by
 * release and URL). */
export interface FileMap {
  map: TraceMap;
  resolvedWith: 'debug-id' | 'release';
  /** The built file's lines: a frame whose sent line is not there is left as it is. */
  builtLines?: readonly string[] | undefined;
}

/**
 * Whether a frame's `context_line` (when the SDK sent one) is the built file's line at its
 * `lineno`. A file matched by URL may not be the one that ran: a Node app started with
 * `--enable-source-maps` sends frames already mapped to `src/index.js`, whose `~/index.js`
 * suffix can name the build's `index.js` (sentry-cli.md §5, pitfall 1); mapping those
 * positions again would point at the wrong lines. SDKs cut long lines around the column and
 * mark the cuts `{snip}` (@sentry/node's `snipLine`), so the kept part is looked for in the line.
 */
export function sentLineMatches(frame: StackFrame, builtLines: readonly string[]): boolean {
  const sent = frame.context_line;
  if (typeof sent !== 'string') return true;
  const line = typeof frame.lineno === 'number' ? builtLines[frame.lineno - 1] : undefined;
  if (line === undefined) return false;
  const kept = sent.replace(/^\{snip\} /, '').replace(/ \{snip\}$/, '');
  return line.includes(kept);
}

/**
 * @param frames oldest first, as Sentry lists them
 * @param mapOf the source map of a frame's file (undefined: no map for it)
 * @returns the frames (mapped ones replaced) and how many were mapped
 * @example mapFrames(stacktrace.frames, (file) => maps.get(file))
 */
export function mapFrames(
  frames: readonly StackFrame[],
  mapOf: (file: string) => FileMap | undefined,
): { frames: StackFrame[]; mapped: number } {
  let mapped = 0;
  const callNames: (string | null)[] = [];
  const out = frames.map((frame) => {
    const file = frameFile(frame);
    let found = file === undefined ? undefined : mapOf(file);
    if (found?.builtLines !== undefined && !sentLineMatches(frame, found.builtLines)) found = undefined;
    const line = frame.lineno;
    if (found === undefined || file === undefined || typeof line !== 'number' || line < 1) {
      callNames.push(null);
      return frame;
    }
    const column = typeof frame.colno === 'number' && frame.colno > 0 ? frame.colno - 1 : 0;
    const { map, resolvedWith } = found;
    const pos = originalPositionFor(map, { line, column });
    if (pos.source === null || pos.line === null) {
      callNames.push(null);
      return {
        ...frame,
        data: { ...(frame.data as object), sourcemap_error: 'the map has no position here' },
      };
    }
    mapped++;
    callNames.push(pos.name);
    const name = sourceName(pos.source);
    return {
      ...frame,
      filename: name,
      abs_path: absoluteSource(file, pos.source),
      lineno: pos.line,
      colno: (pos.column ?? 0) + 1,
      in_app: frame.in_app !== false && !/(^|\/)node_modules\//.test(name),
      ...context(map, pos.source, pos.line),
      data: { ...(frame.data as object), symbolicated: true, resolved_with: resolvedWith },
    };
  });
  for (let i = 1; i < out.length; i++) {
    const callerName = callNames[i - 1];
    const callee = out[i] as StackFrame;
    if (
      callNames[i] === undefined ||
      (callee.data as { symbolicated?: boolean } | undefined)?.symbolicated !== true
    )
      continue;
    if (callerName && !USELESS_NAMES.has(callerName)) out[i] = { ...callee, function: callerName };
  }
  return { frames: out, mapped };
}
