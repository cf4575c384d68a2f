/**
 * Source maps read from the store's artifact bundles, the two ways Sentry finds them
 * (sentry-cli.md §3.4): by the debug ID `sourcemaps inject` wrote into the built file and its
 * map, or, for files uploaded without one, by the event's release (and dist) and the frame's
 * URL: the built file is found under one of its candidate URLs, and its map under the URL its
 * `sourcemap` header or `sourceMappingURL` comment names, in the same bundle when it has it.
 * A map too large to parse, or not JSON, counts as no map.
 */

import { TraceMap } from '@jridgewell/trace-mapping';
import { MAX_SOURCE_MAP_BYTES } from '../limits.js';
import type { ArtifactFile, ArtifactUrlMatch, ArtifactUrlQuery, ProjectId, Store } from '../store/index.js';
import {
  artifactUrlCandidates,
  inlineSourceMap,
  mapUrlCandidates,
  sourceMappingUrl,
} from './artifact-urls.js';
import type { FoundMap, SourceMapReads } from './source-map-cache.js';

/** The store operations the reads use. */
export type ArtifactReads = Pick<
  Store,
  'artifactFilesByDebugId' | 'touchArtifactBundles' | 'artifactFilesByUrl' | 'touchArtifactBundle'
>;

/** Kinds a built file is uploaded as (sentry-cli marks every JS file `minified_source`). */
const BUILT_KINDS = ['minified_source', 'source'];

function parse(data: Buffer, touch: () => Promise<void>): FoundMap | undefined {
  if (data.length > MAX_SOURCE_MAP_BYTES) return undefined;
  try {
    return { map: new TraceMap(data.toString('utf8')), bytes: data.length, touch };
  } catch {
    return undefined;
  }
}

/** The map with the built file's lines beside it (a URL match is checked against them). */
function withBuiltLines(found: FoundMap | undefined, built: ArtifactUrlMatch): FoundMap | undefined {
  if (found === undefined) return undefined;
  return {
    ...found,
    builtLines: built.data.toString('utf8').split(/\r?\n/),
    bytes: found.bytes + built.data.length,
  };
}

/** The map a built file names, from its bundle if that has it, else from another of the release. */
async function mapOfBuiltFile(
  store: ArtifactReads,
  projectId: ProjectId,
  query: Omit<ArtifactUrlQuery, 'urls' | 'kinds'>,
  file: ArtifactUrlMatch,
  now: () => number,
): Promise<FoundMap | undefined> {
  const reference = file.sourcemap ?? sourceMappingUrl(file.data);
  if (reference === undefined) return undefined;
  const touch = () => store.touchArtifactBundle(file.bundleId, now());
  const inline = inlineSourceMap(reference);
  if (inline !== undefined) return parse(inline, touch);
  const urls = mapUrlCandidates(file.url, reference);
  const maps = await store.artifactFilesByUrl(projectId, { ...query, urls, kinds: ['source_map'] });
  const map = maps.find((m) => m.bundleId === file.bundleId) ?? maps[0];
  if (map === undefined) return undefined;
  const touchBoth = async () => {
    await touch();
    if (map.bundleId !== file.bundleId) await store.touchArtifactBundle(map.bundleId, now());
  };
  return parse(map.data, touchBoth);
}

/**
 * @example const cache = new SourceMapCache(sourceMapReads(store))
 */
export function sourceMapReads(store: ArtifactReads, now: () => number = Date.now): SourceMapReads {
  return {
    async byDebugId(projectId, debugId) {
      const files: ArtifactFile[] = await store.artifactFilesByDebugId(projectId, debugId);
      const file = files.find((f) => f.kind === 'source_map');
      if (file === undefined) return undefined;
      return parse(file.data, () => store.touchArtifactBundles(projectId, debugId, now()));
    },

    async byReleaseUrl(projectId, { release, dist }, frameFile) {
      const urls = artifactUrlCandidates(frameFile);
      if (urls.length === 0) return undefined;
      const built = await store.artifactFilesByUrl(projectId, { release, dist, urls, kinds: BUILT_KINDS });
      // Best match first; a later one only when the better one's map is missing or unreadable.
      for (const file of built) {
        const found = withBuiltLines(
          await mapOfBuiltFile(store, projectId, { release, dist }, file, now),
          file,
        );
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}
