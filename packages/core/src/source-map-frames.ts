/**
 * Minified or bundled stack frames mapped back to their source through source maps
 * (sentry-cli.md §3.4), pure: the caller gives the map of each frame's file. Shared by the
 * collector (maps found by debug ID at ingest) and @faultline/server (maps found beside the
 * built files, in-process), so a frame is named the same way wherever it was mapped.
 *
 * A mapped frame gets the original file, line, column, source lines around it and, by caller
 * naming, the function name: the name of the token at the *caller's* call site names the
 * callee, since the name at a frame's own position is the function it calls, not the one it
 * is in. Frames no map covers, or at a position the map does not cover, stay as they were;
 * a frame already mapped (`data.symbolicated`) is never mapped again.
 *
 * Node-only (node:path, @jridgewell/trace-mapping): imported as `@faultline/core/source-map-frames`,
 * never from the browser-safe index.
 */

import { posix } from 'node:path';
import { originalPositionFor, sourceContentFor, type TraceMap } from '@jridgewell/trace-mapping';
import type { StackFrame } from './event.js';
import { describePath } from './stack-path.js';

/**
 * The file of a frame as `debug_meta.images[].code_file` names it (old SDKs prefix "async ").
 * @example frameFile({ abs_path: '/app/dist/app.js' }) // '/app/dist/app.js'
 */
export function frameFile(frame: StackFrame): string | undefined {
  const file = frame.abs_path ?? frame.filename;
  return typeof file === 'string' ? file.replace(/^async /, '') : undefined;
}

/**
 * A source path as people read it: bundler prefixes and leading `./`, `../` gone.
 * @example sourceName('webpack:///./src/a.ts') // 'src/a.ts'
 */
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
  // A map read with its own URL (or with an absolute sourceRoot) already gives absolute sources.
  if (source.startsWith('/')) return posix.normalize(source);
  return posix.normalize(posix.join(posix.dirname(codeFile), source));
}

/** How mapped frames are finished; each caller passes its own bounds. */
export interface MapFramesOptions {
  /** Source lines kept before and after the mapped line (from the map's `sourcesContent`). */
  contextLines: number;
  /** A context line is cut to this many characters. */
  maxLineChars: number;
  /** Written to `data.resolved_with` (Sentry's field: how the map was found). */
  resolvedWith: string;
  /**
   * The application root, when the mapping runs where the app runs: a mapped frame is then
   * named exactly as core names an unmapped frame at that path (relative filename, module,
   * in_app from the path alone). Without it (the collector), the filename is the map's source
   * name and a frame stays out of the app if it was.
   */
  root?: string;
}

function context(map: TraceMap, source: string, line: number, options: MapFramesOptions) {
  const text = sourceContentFor(map, source);
  if (typeof text !== 'string') return {};
  const lines = text.split(/\r?\n/);
  const at = line - 1;
  if (at < 0 || at >= lines.length) return {};
  const cut = (l: string) => l.slice(0, options.maxLineChars);
  const n = options.contextLines;
  return {
    pre_context: lines.slice(Math.max(0, at - n), at).map(cut),
    context_line: cut(lines[at] as string),
    post_context: lines.slice(at + 1, at + 1 + n).map(cut),
  };
}

function place(frame: StackFrame, file: string, source: string, options: MapFramesOptions) {
  const abs_path = absoluteSource(file, source);
  if (options.root !== undefined) {
    const { filename, module, in_app } = describePath(abs_path, options.root);
    return { filename, module, in_app, abs_path };
  }
  const filename = sourceName(source);
  return {
    filename,
    abs_path,
    in_app: frame.in_app !== false && !/(^|\/)node_modules\//.test(filename),
  };
}

/** Names that say nothing about the function a frame is in. */
const USELESS_NAMES = new Set(['<anonymous>', '__webpack_require__', '__require', 'require']);

/**
 * True for a frame a source map already mapped (here or where the error was reported).
 * @example isSymbolicated({ data: { symbolicated: true } }) // true
 */
export function isSymbolicated(frame: StackFrame): boolean {
  return (frame.data as { symbolicated?: unknown } | undefined)?.symbolicated === true;
}

/** A frame file's map, and how it was found when not as the options say (Sentry's
 * `resolved_with`: by debug ID, or by release and URL). */
export interface FileMap {
  map: TraceMap;
  resolvedWith?: string;
  /** The built file's lines, for a file matched by URL: a frame whose sent line is not there
   * is left as it is (sentLineMatches). */
  builtLines?: readonly string[] | undefined;
}

/**
 * Whether a frame's `context_line` (when the SDK sent one) is the built file's line at its
 * `lineno`. A file matched by URL may not be the one that ran: a Node app started with
 * `--enable-source-maps` sends frames already mapped to `src/index.js`, whose `~/index.js`
 * suffix can name the build's `index.js`; mapping those positions again would point at the
 * wrong lines. SDKs cut long lines around the column and mark the cuts `{snip}`, so the kept
 * part is looked for in the line.
 * @example sentLineMatches({ lineno: 1, context_line: 'throw e' }, ['throw e']) // true
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
 * @example mapFrames(stacktrace.frames, (file) => maps.get(file), { contextLines: 5, maxLineChars: 500, resolvedWith: 'debug-id' }) // maps: file → { map }
 */
export function mapFrames(
  frames: readonly StackFrame[],
  mapOf: (file: string) => FileMap | undefined,
  options: MapFramesOptions,
): { frames: StackFrame[]; mapped: number } {
  let mapped = 0;
  const callNames: (string | null)[] = [];
  const mappedHere: boolean[] = [];
  const out = frames.map((frame) => {
    const file = frameFile(frame);
    let found = file === undefined || isSymbolicated(frame) ? undefined : mapOf(file);
    if (found?.builtLines !== undefined && !sentLineMatches(frame, found.builtLines)) found = undefined;
    const line = frame.lineno;
    if (found === undefined || file === undefined || typeof line !== 'number' || line < 1) {
      callNames.push(null);
      mappedHere.push(false);
      return frame;
    }
    const column = typeof frame.colno === 'number' && frame.colno > 0 ? frame.colno - 1 : 0;
    const { map } = found;
    const pos = originalPositionFor(map, { line, column });
    if (pos.source === null || pos.line === null) {
      callNames.push(null);
      mappedHere.push(false);
      return {
        ...frame,
        data: { ...(frame.data as object), sourcemap_error: 'the map has no position here' },
      };
    }
    mapped++;
    callNames.push(pos.name);
    mappedHere.push(true);
    return {
      ...frame,
      ...place(frame, file, pos.source, options),
      lineno: pos.line,
      colno: (pos.column ?? 0) + 1,
      ...context(map, pos.source, pos.line, options),
      data: {
        ...(frame.data as object),
        symbolicated: true,
        resolved_with: found.resolvedWith ?? options.resolvedWith,
      },
    };
  });
  for (let i = 1; i < out.length; i++) {
    const callerName = callNames[i - 1];
    const callee = out[i] as StackFrame;
    if (!mappedHere[i]) continue;
    if (callerName && !USELESS_NAMES.has(callerName)) out[i] = { ...callee, function: callerName };
  }
  return { frames: out, mapped };
}
