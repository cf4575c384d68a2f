/**
 * Source maps applied at ingest, before grouping (sentry-cli.md §3.3–§3.4): an event whose
 * `debug_meta.images` name source maps by debug ID gets its exception frames mapped back to the
 * source, so an issue groups on `src/app.ts` and its functions, not on a build's minified
 * names, and two builds of the same bug make one issue. The frames as sent are kept beside them
 * (`raw_stacktrace`, as Sentry keeps them). Events without such images cost one property read.
 */

import type { ExceptionValue, SentryEvent } from '@faultline/core';
import { type MapFramesOptions, mapFrames } from '@faultline/core/source-map-frames';
import type { IngestBatch } from '../ingest-batch.js';
import { MAX_SOURCE_CONTEXT_LINE_CHARS, SOURCE_CONTEXT_LINES } from '../limits.js';
import type { ProjectId } from '../store/index.js';
import type { SourceMapCache } from './source-map-cache.js';

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

/**
 * Maps the frames of a batch's error events in place.
 * @example const symbolicate = createSymbolicator(cache); await symbolicate(batch)
 */
export function createSymbolicator(cache: SourceMapCache): (batch: IngestBatch) => Promise<void> {
  return async (batch) => {
    const projectId = batch.projectId as ProjectId;
    for (const { event } of batch.events) {
      const images = sourceMapImages(event);
      if (images === undefined) continue;
      const maps = new Map<string, Awaited<ReturnType<SourceMapCache['get']>>>();
      // A map that cannot be read now (the store is down) leaves the frames as sent: the event
      // itself is never lost for want of a map.
      for (const [file, id] of images) maps.set(file, await cache.get(projectId, id).catch(() => undefined));
      for (const value of exceptionValues(event)) {
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
