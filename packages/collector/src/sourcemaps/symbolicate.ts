/**
 * Source maps applied at ingest, before grouping (sentry-cli.md §3.3–§3.4): an event whose
 * `debug_meta.images` name source maps by debug ID gets its exception frames mapped back to the
 * source, so an issue groups on `src/app.ts` and its functions, not on a build's minified
 * names, and two builds of the same bug make one issue. Files no image names (an upload without
 * `sourcemaps inject`) are matched by the event's release and their URL (artifact-urls.ts).
 * The frames as sent are kept beside them (`raw_stacktrace`, as Sentry keeps them). Events
 * with neither images nor a release cost a few property reads.
 */

import type { ExceptionValue, SentryEvent, StackFrame } from '@faultline/core';
import { type FileMap, frameFile, type MapFramesOptions, mapFrames } from '@faultline/core/source-map-frames';
import type { IngestBatch } from '../ingest-batch.js';
import {
  MAX_RELEASE_URL_FILES_PER_EVENT,
  MAX_SOURCE_CONTEXT_LINE_CHARS,
  SOURCE_CONTEXT_LINES,
} from '../limits.js';
import type { ProjectId } from '../store/index.js';
import type { ReleaseRef, SourceMapCache } from './source-map-cache.js';

/** `code_file` → debug ID of the event's source-map images. */
function sourceMapImages(event: SentryEvent): Map<string, string> | undefined {
  const images = (event.debug_meta as { images?: unknown } | undefined)?.images;
  if (!Array.isArray(images)) return undefined;
  const out = new Map<string, string>();
  for (const image of images) {
    const { type, code_file: file, debug_id: id } = (image ?? {}) as Record<string, unknown>;
    if (type === 'sourcemap' && typeof file === 'string' && typeof id === 'string') out.set(file, id);
  }
  return out.size === 0 ? undefined : out;
}

const MAP_OPTIONS: MapFramesOptions = {
  contextLines: SOURCE_CONTEXT_LINES,
  maxLineChars: MAX_SOURCE_CONTEXT_LINE_CHARS,
  resolvedWith: 'debug-id',
};

function exceptionValues(event: SentryEvent): ExceptionValue[] {
  const ex = event.exception;
  return Array.isArray(ex) ? ex : (ex?.values ?? []);
}

/** Platforms whose frames are JavaScript (Sentry runs its JS source-map processing for these). */
const JS_PLATFORMS = new Set(['javascript', 'node']);

/** The release an event may be matched by URL for: a JS event's, when it names one. */
function releaseOf(event: SentryEvent): ReleaseRef | undefined {
  if (typeof event.release !== 'string' || event.release === '') return undefined;
  if (typeof event.platform !== 'string' || !JS_PLATFORMS.has(event.platform)) return undefined;
  return {
    release: event.release,
    dist: typeof event.dist === 'string' && event.dist !== '' ? event.dist : null,
  };
}

/** Dependencies, runtime internals (`node:fs`) and code with no file (`<anonymous>`). */
const NOT_BUILT = /(^|\/)node_modules\/|^node:|^</;

/** Files of frames with a line to map, each once, in order; dependencies (`node_modules`, not
 * in the app's build) and runtime internals (`node:fs`) left out. */
function frameFiles(values: readonly ExceptionValue[]): string[] {
  const files = new Set<string>();
  for (const value of values) {
    const frames: unknown = value.stacktrace?.frames;
    if (!Array.isArray(frames)) continue;
    for (const frame of frames as (StackFrame | null)[]) {
      if (frame === null || typeof frame !== 'object') continue;
      const file = frameFile(frame);
      if (file === undefined || typeof frame.lineno !== 'number' || NOT_BUILT.test(file)) continue;
      files.add(file);
    }
  }
  return [...files];
}

/**
 * Maps the frames of a batch's error events in place: by debug ID where `debug_meta` names one
 * a bundle has, else (a JS event with a release) by release and URL.
 * @example const symbolicate = createSymbolicator(cache); await symbolicate(batch)
 */
export function createSymbolicator(cache: SourceMapCache): (batch: IngestBatch) => Promise<void> {
  return async (batch) => {
    const projectId = batch.projectId as ProjectId;
    for (const { event } of batch.events) {
      const images = sourceMapImages(event);
      const release = releaseOf(event);
      if (images === undefined && release === undefined) continue;
      const values = exceptionValues(event);
      const maps = new Map<string, FileMap>();
      // A map that cannot be read now (the store is down) comes back undefined and leaves the
      // frames as sent: the event itself is never lost for want of a map.
      for (const [file, id] of images ?? []) {
        const found = await cache.byDebugId(projectId, id);
        if (found !== undefined) maps.set(file, { map: found.map, resolvedWith: 'debug-id' });
      }
      if (release !== undefined) {
        const files = frameFiles(values).filter((f) => !maps.has(f));
        for (const file of files.slice(0, MAX_RELEASE_URL_FILES_PER_EVENT)) {
          const found = await cache.byReleaseUrl(projectId, release, file);
          if (found !== undefined)
            maps.set(file, { map: found.map, builtLines: found.builtLines, resolvedWith: 'release' });
        }
      }
      if (maps.size === 0) continue;
      for (const value of values) {
        const frames = value.stacktrace?.frames;
        if (!Array.isArray(frames) || value.stacktrace === undefined) continue;
        const result = mapFrames(frames, (file) => maps.get(file), MAP_OPTIONS);
        if (result.mapped === 0) continue;
        value.raw_stacktrace = { ...value.stacktrace, frames };
        value.stacktrace = { ...value.stacktrace, frames: result.frames };
      }
    }
  };
}
