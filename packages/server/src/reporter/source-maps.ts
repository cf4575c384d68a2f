/**
 * In-process source maps (opt-in `sourceMaps: true`): the frames of a reported error whose
 * built file names a map (`//# sourceMappingURL=`) are mapped back to the TypeScript (or
 * other) source before the event is sent, as `--enable-source-maps` would have printed them,
 * so a service gets `src/app.ts` frames with no upload step. Off when Node already maps its
 * stacks (the frames are the sources already).
 *
 * Maps are read when an event is built (after the response, off the request path) and kept
 * parsed per built file in a least-recently-used cache bounded in maps and bytes; a file
 * without a usable map is remembered as such (one log line when the map is broken or too
 * large, none when there is simply no map), so a storm of errors reads nothing twice. Any
 * failure leaves the frame as it was: the report is never lost for want of a map.
 */

import type { ExceptionValue } from '@faultline/core';
import {
  frameFile,
  isSymbolicated,
  type MapFramesOptions,
  mapFrames,
} from '@faultline/core/source-map-frames';
import type { TraceMap } from '@jridgewell/trace-mapping';
import {
  MAX_SOURCE_FILES_PER_EVENT,
  MAX_SOURCE_LINE_LENGTH,
  SOURCE_CONTEXT_LINES,
  SOURCE_MAP_CACHE_BYTES,
  SOURCE_MAP_CACHE_MAPS,
  SOURCE_MAP_CACHE_MISSES,
} from '../limits.js';
import { RootGuard } from './root-guard.js';
import { type MapRead, readSourceMap } from './source-map-file.js';

/** Where the one line about an unusable map goes (the Faultline logger's `warn`). */
export type SourceMapWarn = (obj: object, msg: string) => void;

/**
 * True when Node maps stack traces itself (`--enable-source-maps`, in the flags, in
 * NODE_OPTIONS, or `process.setSourceMapsEnabled(true)`): its frames already name the sources.
 * @example if (nodeMapsStacks()) return;
 */
export function nodeMapsStacks(): boolean {
  if (process.sourceMapsEnabled === true) return true;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.includes('--enable-source-maps');
}

interface Held {
  map: TraceMap;
  bytes: number;
}

export class SourceMaps {
  readonly #guard: RootGuard;
  readonly #options: MapFramesOptions;
  readonly #warn: SourceMapWarn;
  /** Built file → its parsed map; Map order is recency, oldest first. */
  readonly #maps = new Map<string, Held>();
  /** Built files without a usable map, oldest first. */
  readonly #misses = new Set<string>();
  readonly #loading = new Map<string, Promise<TraceMap | undefined>>();
  #bytes = 0;

  constructor(root: string, warn: SourceMapWarn) {
    this.#guard = new RootGuard(root);
    this.#warn = warn;
    this.#options = {
      root: this.#guard.root,
      contextLines: SOURCE_CONTEXT_LINES,
      maxLineChars: MAX_SOURCE_LINE_LENGTH,
      resolvedWith: 'in-process',
    };
  }

  /** Maps and missing files held, for tests and stats. */
  get size(): { maps: number; misses: number; bytes: number } {
    return { maps: this.#maps.size, misses: this.#misses.size, bytes: this.#bytes };
  }

  /**
   * Replaces the frames of `values` that a map covers with the source's, in place. Never throws.
   * @example await sourceMaps.mapValues(toExceptionValues(error, { root }))
   */
  async mapValues(values: readonly ExceptionValue[]): Promise<void> {
    if (nodeMapsStacks()) return;
    const files = new Set<string>();
    for (const value of values)
      for (const frame of value.stacktrace?.frames ?? []) {
        const file = frameFile(frame);
        if (file !== undefined && !file.startsWith('node:') && !isSymbolicated(frame)) files.add(file);
      }
    const maps = new Map<string, TraceMap | undefined>();
    await Promise.all(
      [...files]
        .slice(0, MAX_SOURCE_FILES_PER_EVENT)
        .map(async (file) => maps.set(file, await this.get(file).catch(() => undefined))),
    );
    for (const value of values) {
      const stacktrace = value.stacktrace;
      if (stacktrace === undefined || !Array.isArray(stacktrace.frames)) continue;
      try {
        const result = mapFrames(
          stacktrace.frames,
          (file) => {
            const map = maps.get(file);
            return map === undefined ? undefined : { map };
          },
          this.#options,
        );
        if (result.mapped > 0) stacktrace.frames = result.frames;
      } catch {
        // a map that parses but holds nonsense: these frames go unmapped, the event goes out
      }
    }
  }

  /**
   * The parsed map of a built file, read at most once however many errors ask at once.
   * @example const map = await sourceMaps.get('/srv/app/dist/app.js')
   */
  async get(file: string): Promise<TraceMap | undefined> {
    const held = this.#maps.get(file);
    if (held !== undefined) {
      this.#maps.delete(file); // most recently used last
      this.#maps.set(file, held);
      return held.map;
    }
    if (this.#misses.has(file)) return undefined;
    let loading = this.#loading.get(file);
    if (loading === undefined) {
      loading = readSourceMap(file, this.#guard)
        .then((read) => this.#remember(file, read))
        .finally(() => this.#loading.delete(file));
      this.#loading.set(file, loading);
    }
    return loading;
  }

  #remember(file: string, read: MapRead): TraceMap | undefined {
    if (read.kind !== 'map' || read.bytes > SOURCE_MAP_CACHE_BYTES) {
      if (read.kind === 'unusable')
        this.#warn(
          { file, sourceMap: read.mapPath, reason: read.reason },
          'source map unusable: frames of this file are reported unmapped',
        );
      this.#misses.add(file);
      for (const oldest of this.#misses) {
        if (this.#misses.size <= SOURCE_MAP_CACHE_MISSES) break;
        this.#misses.delete(oldest);
      }
      return undefined;
    }
    this.#maps.set(file, { map: read.map, bytes: read.bytes });
    this.#bytes += read.bytes;
    for (const [oldest, held] of this.#maps) {
      if (this.#maps.size <= SOURCE_MAP_CACHE_MAPS && this.#bytes <= SOURCE_MAP_CACHE_BYTES) break;
      this.#maps.delete(oldest);
      this.#bytes -= held.bytes;
    }
    return read.map;
  }
}
