/**
 * Source lines around each in-app frame (`pre_context`, `context_line`, `post_context`;
 * https://develop.sentry.dev/sdk/data-model/event-payloads/stacktrace/#frame-attributes),
 * as @sentry/node's ContextLines integration adds them.
 *
 * Files are read lazily (when an event is built, off the request path) with fs.promises,
 * kept in a least-recently-used cache bounded in files and bytes, and only when they lie
 * under the application root (root-guard.ts). Files that can't or mustn't be read are
 * remembered as such so they are not tried again. Frames that already have their lines (a
 * frame mapped through a source map with `sourcesContent`) keep them.
 */

import { readFile, stat } from 'node:fs/promises';
import type { ExceptionValue, StackFrame } from '@faultline/core';
import { isSymbolicated } from '@faultline/core/source-map-frames';
import {
  MAX_SOURCE_CACHE_BYTES,
  MAX_SOURCE_CACHE_FILES,
  MAX_SOURCE_FILE_BYTES,
  MAX_SOURCE_FILES_PER_EVENT,
  MAX_SOURCE_LINE_LENGTH,
  SOURCE_CONTEXT_LINES,
} from '../limits.js';
import { RootGuard } from './root-guard.js';

export interface SourceContextOptions {
  /** Only files under this directory are read. */
  root: string;
  maxFiles?: number;
  maxBytes?: number;
  maxFileBytes?: number;
}

/** One line, cut around `colno` when it is long (a minified line can be megabytes). */
function cut(line: string, colno: number | undefined): string {
  if (line.length <= MAX_SOURCE_LINE_LENGTH) return line;
  const half = MAX_SOURCE_LINE_LENGTH / 2;
  const start = Math.max(0, Math.min((colno ?? 1) - 1 - half, line.length - MAX_SOURCE_LINE_LENGTH));
  return line.slice(start, start + MAX_SOURCE_LINE_LENGTH);
}

export class SourceContext {
  readonly #options: Required<SourceContextOptions>;
  readonly #guard: RootGuard;
  /** Path → lines (null: unreadable or not allowed). Map order is recency: oldest first. */
  #cache = new Map<string, string[] | null>();
  #bytes = new Map<string, number>();
  #totalBytes = 0;
  #reading = new Map<string, Promise<string[] | null>>();

  constructor(options: SourceContextOptions) {
    this.#guard = new RootGuard(options.root);
    this.#options = {
      root: this.#guard.root,
      maxFiles: options.maxFiles ?? MAX_SOURCE_CACHE_FILES,
      maxBytes: options.maxBytes ?? MAX_SOURCE_CACHE_BYTES,
      maxFileBytes: options.maxFileBytes ?? MAX_SOURCE_FILE_BYTES,
    };
  }

  /** Files cached and their bytes, for tests and stats. */
  get size(): { files: number; bytes: number } {
    return { files: this.#cache.size, bytes: this.#totalBytes };
  }

  /** Adds context lines to the in-app frames of `values`, in place. Never throws. */
  async addContext(values: readonly ExceptionValue[]): Promise<void> {
    const frames: StackFrame[] = [];
    for (const value of values) {
      for (const frame of value.stacktrace?.frames ?? []) {
        if (
          frame.in_app === true &&
          frame.context_line === undefined &&
          typeof frame.abs_path === 'string' &&
          typeof frame.lineno === 'number'
        )
          frames.push(frame);
      }
    }
    const paths = [...new Set(frames.map((f) => f.abs_path as string))].slice(0, MAX_SOURCE_FILES_PER_EVENT);
    const files = new Map<string, string[] | null>();
    await Promise.all(paths.map(async (p) => files.set(p, await this.lines(p).catch(() => null))));
    for (const frame of frames) {
      const lines = files.get(frame.abs_path as string);
      if (lines) this.#apply(frame, lines);
    }
  }

  /**
   * The source-map images of the frames' files that carry a `//# debugId=` comment (what
   * `sentry-cli sourcemaps inject` and bundler plugins write near a built file's end), for the
   * event's `debug_meta.images`: the collector maps those frames through the uploaded map.
   * Reads only files addContext read (the cache); never throws. A frame mapped in-process
   * (`data.symbolicated`) names no image: the collector must not map it a second time.
   */
  debugImages(
    values: readonly ExceptionValue[],
  ): { type: 'sourcemap'; code_file: string; debug_id: string }[] {
    const images = new Map<string, string>();
    for (const value of values)
      for (const frame of value.stacktrace?.frames ?? []) {
        const path = frame.abs_path;
        if (typeof path !== 'string' || images.has(path) || isSymbolicated(frame)) continue;
        const lines = this.#cache.get(path);
        const id = lines ? debugIdIn(lines) : undefined;
        if (id !== undefined) images.set(path, id);
      }
    return [...images].map(([code_file, debug_id]) => ({ type: 'sourcemap', code_file, debug_id }));
  }

  /** The lines of a file under the root, or null. Cached. */
  async lines(path: string): Promise<string[] | null> {
    const cached = this.#cache.get(path);
    if (cached !== undefined) {
      this.#cache.delete(path);
      this.#cache.set(path, cached); // most recently used goes last
      return cached;
    }
    let reading = this.#reading.get(path);
    if (!reading) {
      reading = this.#read(path).finally(() => this.#reading.delete(path));
      this.#reading.set(path, reading);
    }
    const lines = await reading;
    this.#remember(path, lines);
    return lines;
  }

  #apply(frame: StackFrame, lines: string[]): void {
    const index = (frame.lineno as number) - 1;
    const line = lines[index];
    if (line === undefined) return;
    const n = SOURCE_CONTEXT_LINES;
    frame.pre_context = lines.slice(Math.max(0, index - n), index).map((l) => cut(l, undefined));
    frame.context_line = cut(line, frame.colno);
    frame.post_context = lines.slice(index + 1, index + 1 + n).map((l) => cut(l, undefined));
  }

  async #read(path: string): Promise<string[] | null> {
    const real = await this.#guard.allowed(path);
    if (real === null) return null;
    const info = await stat(real);
    if (!info.isFile() || info.size > this.#options.maxFileBytes) return null;
    const text = await readFile(real, 'utf8');
    return text.split(/\r?\n/);
  }

  #remember(path: string, lines: string[] | null): void {
    if (this.#cache.has(path)) return;
    const bytes = lines ? lines.reduce((n, l) => n + l.length + 1, 0) : 0;
    if (bytes > this.#options.maxBytes) return;
    this.#cache.set(path, lines);
    this.#bytes.set(path, bytes);
    this.#totalBytes += bytes;
    for (const oldest of this.#cache.keys()) {
      if (this.#cache.size <= this.#options.maxFiles && this.#totalBytes <= this.#options.maxBytes) break;
      this.#cache.delete(oldest);
      this.#totalBytes -= this.#bytes.get(oldest) ?? 0;
      this.#bytes.delete(oldest);
    }
  }
}

/** A built file's debug ID comment sits in its last lines (after it only the sourceMappingURL). */
const DEBUG_ID_TAIL_LINES = 5;
const DEBUG_ID_COMMENT =
  /^\/\/# debugId=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s*$/;

function debugIdIn(lines: readonly string[]): string | undefined {
  for (const line of lines.slice(-DEBUG_ID_TAIL_LINES)) {
    const id = DEBUG_ID_COMMENT.exec(line)?.[1];
    if (id !== undefined) return id.toLowerCase();
  }
  return undefined;
}
