/**
 * Parsed source maps by (project, debug ID) and by (project, release, dist, frame file), kept
 * while they fit in SOURCE_MAP_CACHE_BYTES (the least recently used go first), read from the
 * store's artifact bundles once however many events ask at the same moment. A key no bundle
 * answers is remembered as missing for SOURCE_MAP_MISS_TTL_MS (at most MAX_SOURCE_MAP_MISSES
 * keys), so a storm of unmapped events, or of events of a release nobody uploaded maps for,
 * costs one read per key and interval.
 *
 * Road not taken: two frame files resolving to the same bundle file (`file:///app.js` and
 * `/app.js`) hold the map twice; keying held maps by bundle file would need the resolution
 * first, which is the read the cache saves.
 */

import type { TraceMap } from '@jridgewell/trace-mapping';
import {
  ARTIFACT_BUNDLE_USE_MARK_MS,
  MAX_SOURCE_MAP_MISSES,
  SOURCE_MAP_CACHE_BYTES,
  SOURCE_MAP_MISS_TTL_MS,
} from '../limits.js';
import type { ProjectId } from '../store/index.js';

/** A map found, and how to tell retention it is in use. */
export interface FoundMap {
  map: TraceMap;
  /** The lines of the built file it maps, when found by URL (core's source-map-frames.ts checks a frame's
   * sent line against them before mapping it). */
  builtLines?: readonly string[];
  /** The bytes of its JSON and of the built file's lines (what the cache counts). */
  bytes: number;
  /** Marks its bundles used (a failure is left for the next use). */
  touch: () => Promise<void>;
}

/** Where the cache reads maps from (source-map-reads.ts over the store). */
export interface SourceMapReads {
  byDebugId(projectId: ProjectId, debugId: string): Promise<FoundMap | undefined>;
  byReleaseUrl(projectId: ProjectId, release: ReleaseRef, file: string): Promise<FoundMap | undefined>;
}

/** The release (and dist) an event was sent for. */
export interface ReleaseRef {
  release: string;
  dist: string | null;
}

const NONE: Promise<undefined> = Promise.resolve(undefined);

interface Held extends FoundMap {
  usedAt: number;
}

export class SourceMapCache {
  readonly #held = new Map<string, Held>();
  readonly #missing = new Map<string, number>();
  readonly #loading = new Map<string, Promise<FoundMap | undefined>>();
  #bytes = 0;

  constructor(
    private readonly reads: SourceMapReads,
    private readonly maxBytes = SOURCE_MAP_CACHE_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  /** @example const found = await cache.byDebugId(projectId, 'fb8fc432-aaa7-5c3f-b653-a63c5b87aa4b') */
  byDebugId(projectId: ProjectId, debugId: string): Promise<FoundMap | undefined> {
    const id = debugId.toLowerCase();
    return this.#get(`d\0${projectId}\0${id}`, () => this.reads.byDebugId(projectId, id));
  }

  /**
   * The map of a frame's file in the release's bundles, matched by URL (artifact-urls.ts).
   * @example const found = await cache.byReleaseUrl(projectId, { release: 'shop@3', dist: null }, '/srv/dist/app.js')
   */
  byReleaseUrl(projectId: ProjectId, release: ReleaseRef, file: string): Promise<FoundMap | undefined> {
    const key = `u\0${projectId}\0${release.release}\0${release.dist ?? ''}\0${file}`;
    return this.#get(key, () => this.reads.byReleaseUrl(projectId, release, file));
  }

  // Not async: a key answered from memory (every event of a release after its first) costs no
  // promise of its own; a read that fails (the store is down) answers undefined, remembered
  // neither way, so the frames stay as sent and the next event asks again.
  #get(key: string, read: () => Promise<FoundMap | undefined>): Promise<FoundMap | undefined> {
    const held = this.#held.get(key);
    if (held !== undefined) {
      this.#held.delete(key); // most recently used last
      this.#held.set(key, held);
      if (this.now() - held.usedAt >= ARTIFACT_BUNDLE_USE_MARK_MS) {
        held.usedAt = this.now();
        held.touch().catch(() => {});
      }
      return Promise.resolve(held);
    }
    const missedAt = this.#missing.get(key);
    if (missedAt !== undefined && this.now() - missedAt < SOURCE_MAP_MISS_TTL_MS) return NONE;
    let loading = this.#loading.get(key);
    if (loading === undefined) {
      loading = this.#read(key, read)
        .catch(() => undefined)
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  async #read(key: string, read: () => Promise<FoundMap | undefined>): Promise<FoundMap | undefined> {
    const found = await read();
    if (found === undefined) {
      this.#missing.delete(key); // the newest miss last, so the oldest goes first
      this.#missing.set(key, this.now());
      for (const k of this.#missing.keys()) {
        if (this.#missing.size <= MAX_SOURCE_MAP_MISSES) break;
        this.#missing.delete(k);
      }
      return undefined;
    }
    this.#missing.delete(key);
    this.#held.set(key, { ...found, usedAt: this.now() });
    found.touch().catch(() => {});
    this.#bytes += found.bytes;
    for (const [k, h] of this.#held) {
      if (this.#bytes <= this.maxBytes || k === key) break;
      this.#held.delete(k);
      this.#bytes -= h.bytes;
    }
    return found;
  }
}
