import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TraceMap } from '@jridgewell/trace-mapping';
import { MAX_SOURCE_MAP_MISSES, SOURCE_MAP_MISS_TTL_MS } from '../limits.js';
import type { ProjectId } from '../store/index.js';
import { type FoundMap, SourceMapCache, type SourceMapReads } from './source-map-cache.js';

const P = 1 as ProjectId;
const R = { release: 'web@1', dist: null };
const MAP = new TraceMap({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' });

/** Reads that count what they are asked and find a map only for `/found.js`. */
function countingReads() {
  const asked: string[] = [];
  const found = (): FoundMap => ({ map: MAP, bytes: 100, touch: async () => {} });
  const reads: SourceMapReads = {
    byDebugId: async (_p, id) => {
      asked.push(`id:${id}`);
      return undefined;
    },
    byReleaseUrl: async (_p, r, file) => {
      asked.push(`${r.release}:${r.dist}:${file}`);
      return file === '/found.js' ? found() : undefined;
    },
  };
  return { reads, asked };
}

test('a miss per (project, release, file) is remembered for SOURCE_MAP_MISS_TTL_MS, then asked again', async () => {
  let now = 0;
  const { reads, asked } = countingReads();
  const cache = new SourceMapCache(reads, 1024, () => now);
  await Promise.all([cache.byReleaseUrl(P, R, '/a.js'), cache.byReleaseUrl(P, R, '/a.js')]);
  await cache.byReleaseUrl(P, R, '/a.js');
  await cache.byReleaseUrl(P, { release: 'web@1', dist: 'ios' }, '/a.js');
  await cache.byReleaseUrl(P, { release: 'web@2', dist: null }, '/a.js');
  assert.deepEqual(asked, ['web@1:null:/a.js', 'web@1:ios:/a.js', 'web@2:null:/a.js']);
  now = SOURCE_MAP_MISS_TTL_MS;
  await cache.byReleaseUrl(P, R, '/a.js');
  assert.equal(asked.length, 4);
});

test('a found map is read once; debug-ID and URL keys do not mix', async () => {
  const { reads, asked } = countingReads();
  const cache = new SourceMapCache(reads);
  assert.equal((await cache.byReleaseUrl(P, R, '/found.js'))?.map, MAP);
  assert.equal((await cache.byReleaseUrl(P, R, '/found.js'))?.map, MAP);
  assert.equal(await cache.byDebugId(P, '/found.js'), undefined);
  assert.deepEqual(asked, ['web@1:null:/found.js', 'id:/found.js']);
});

test('misses are bounded: past MAX_SOURCE_MAP_MISSES the oldest is forgotten', async () => {
  const { reads, asked } = countingReads();
  const cache = new SourceMapCache(reads, 1024, () => 0);
  for (let i = 0; i <= MAX_SOURCE_MAP_MISSES; i++) await cache.byReleaseUrl(P, R, `/f${i}.js`);
  asked.length = 0;
  await cache.byReleaseUrl(P, R, `/f${MAX_SOURCE_MAP_MISSES}.js`);
  assert.deepEqual(asked, [], 'the newest miss is remembered');
  await cache.byReleaseUrl(P, R, '/f0.js');
  assert.deepEqual(asked, ['web@1:null:/f0.js'], 'the oldest was forgotten');
});

test('a read that fails (the store is down) answers no map and is not remembered', async () => {
  let calls = 0;
  const cache = new SourceMapCache({
    byDebugId: async () => undefined,
    byReleaseUrl: async () => {
      calls++;
      throw new Error('store unavailable');
    },
  });
  assert.equal(await cache.byReleaseUrl(P, R, '/a.js'), undefined);
  assert.equal(await cache.byReleaseUrl(P, R, '/a.js'), undefined);
  assert.equal(calls, 2);
});
