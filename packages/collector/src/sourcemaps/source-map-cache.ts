/**
 * Parsed source maps by (project, debug ID), kept while they fit in SOURCE_MAP_CACHE_BYTES
 * (the least recently used go first), read from the store's artifact bundles once however
 * many events ask at the same moment. A debug ID no bundle has is remembered as missing for
 * SOURCE_MAP_MISS_TTL_MS, so a storm of unmapped events costs one read per interval.
 */

import { TraceMap } from '@jridgewell/trace-mapping';
import {
  ARTIFACT_BUNDLE_USE_MARK_MS,
  MAX_SOURCE_MAP_BYTES,
  SOURCE_MAP_CACHE_BYTES,
  SOURCE_MAP_MISS_TTL_MS,
} from '../limits.js';
import type { ArtifactFile, ProjectId } from '../store/index.js';

type Load = (projectId: ProjectId, debugId: string) => Promise<ArtifactFile[]>;

interface Held {
  map: TraceMap;
  bytes: number;
  usedAt: number;
}

/** Told that a map was used, at most once per ARTIFACT_BUNDLE_USE_MARK_MS per map: retention
 * keeps the bundles in use (a failure to mark is left for the next use). */
type OnUse = (projectId: ProjectId, debugId: string) => Promise<void>;

export class SourceMapCache {
  readonly #held = new Map<string, Held>();
  readonly #missing = new Map<string, number>();
  readonly #loading = new Map<string, Promise<TraceMap | undefined>>();
  #bytes = 0;

  constructor(
    private readonly load: Load,
    private readonly onUse: OnUse = async () => {},
    private readonly maxBytes = SOURCE_MAP_CACHE_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  /** @example const map = await cache.get(projectId, 'fb8fc432-aaa7-5c3f-b653-a63c5b87aa4b') */
  async get(projectId: ProjectId, debugId: string): Promise<TraceMap | undefined> {
    const key = `${projectId}/${debugId.toLowerCase()}`;
    const held = this.#held.get(key);
    if (held !== undefined) {
      this.#held.delete(key); // most recently used last
      this.#held.set(key, held);
      if (this.now() - held.usedAt >= ARTIFACT_BUNDLE_USE_MARK_MS) {
        held.usedAt = this.now();
        this.onUse(projectId, debugId.toLowerCase()).catch(() => {});
      }
      return held.map;
    }
    const missedAt = this.#missing.get(key);
    if (missedAt !== undefined && this.now() - missedAt < SOURCE_MAP_MISS_TTL_MS) return undefined;
    let loading = this.#loading.get(key);
    if (loading === undefined) {
      loading = this.#read(key, projectId, debugId).finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  async #read(key: string, projectId: ProjectId, debugId: string): Promise<TraceMap | undefined> {
    const file = (await this.load(projectId, debugId.toLowerCase())).find((f) => f.kind === 'source_map');
    if (file === undefined || file.data.length > MAX_SOURCE_MAP_BYTES) {
      this.#missing.set(key, this.now());
      return undefined;
    }
    let map: TraceMap;
    try {
      map = new TraceMap(file.data.toString('utf8'));
    } catch {
      this.#missing.set(key, this.now());
      return undefined;
    }
    this.#missing.delete(key);
    this.#held.set(key, { map, bytes: file.data.length, usedAt: this.now() });
    this.onUse(projectId, debugId.toLowerCase()).catch(() => {});
    this.#bytes += file.data.length;
    for (const [k, h] of this.#held) {
      if (this.#bytes <= this.maxBytes || k === key) break;
      this.#held.delete(k);
      this.#bytes -= h.bytes;
    }
    return map;
  }
}
