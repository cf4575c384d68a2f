/**
 * Release + URL matching of source maps against a real store (SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set): the forms a frame's abs_path takes find a bundle file stored
 * as `~/dist/app.js`; a bundle's dist must be the event's when it has one; the release must be
 * the event's; of several matches the longest URL, then the dist's own bundle, wins; the map is
 * the one the file's `sourcemap` header or `sourceMappingURL` names; and a release with no
 * bundle costs one store read per (release, file) while its miss is remembered.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { originalPositionFor, type TraceMap } from '@jridgewell/trace-mapping';
import { SourceMapCache } from '../src/sourcemaps/source-map-cache.js';
import { sourceMapReads } from '../src/sourcemaps/source-map-reads.js';
import type { ArtifactFile } from '../src/store/index.js';
import { useProjectStore } from './project-store.js';

/** A one-line map whose position 1:0 points at `source`, line `line`. */
function mapTo(source: string, line: number): Buffer {
  const segment = `AA${line === 1 ? 'A' : line === 2 ? 'C' : 'E'}A`;
  return Buffer.from(JSON.stringify({ version: 3, sources: [source], names: [], mappings: segment }));
}

const file = (url: string, kind: string, data: Buffer, sourcemap: string | null = null): ArtifactFile => ({
  path: `files/_/_/${url.slice(2)}`,
  url,
  kind,
  debugId: null,
  sourcemap,
  data,
});

const sourceOf = (map: TraceMap | undefined) =>
  map ? originalPositionFor(map, { line: 1, column: 0 }) : undefined;

forEachEngine((engine) => {
  describe(`source maps matched by release and URL (${engine.name})`, () => {
    const db = useProjectStore(engine, 'web');
    let checksum = 0;
    const store = (release: string, dist: string | null, files: ArtifactFile[]) =>
      db.store.storeArtifactBundle(
        {
          checksum: (++checksum).toString(16).padStart(40, '0'),
          bundleDebugId: null,
          release,
          dist,
          size: 1,
          files,
          createdAt: Date.now(),
        },
        [db.projectId],
        [],
      );

    it('finds the map by every abs_path form, through the header or the sourceMappingURL', async () => {
      await store('web@1', null, [
        file('~/dist/app.js', 'minified_source', Buffer.from('x()'), 'app.js.map'),
        file('~/dist/app.js.map', 'source_map', mapTo('src/app.ts', 2)),
        file(
          '~/dist/other.js',
          'minified_source',
          Buffer.from('y()\n//# sourceMappingURL=maps/other.js.map\n'),
        ),
        file('~/dist/maps/other.js.map', 'source_map', mapTo('src/other.ts', 3)),
      ]);
      const reads = sourceMapReads(db.store);
      const release = { release: 'web@1', dist: null };
      for (const abs of [
        'file:///srv/app/dist/app.js',
        '/srv/app/dist/app.js',
        'http://host/dist/app.js?v=1',
        'app:///dist/app.js',
      ]) {
        const found = await reads.byReleaseUrl(db.projectId, release, abs);
        assert.deepEqual(
          { source: sourceOf(found?.map)?.source, line: sourceOf(found?.map)?.line },
          { source: 'src/app.ts', line: 2 },
          abs,
        );
      }
      const other = await reads.byReleaseUrl(db.projectId, release, '/srv/app/dist/other.js');
      assert.equal(sourceOf(other?.map)?.source, 'src/other.ts');
      assert.equal(await reads.byReleaseUrl(db.projectId, release, '/srv/app/dist/none.js'), undefined);
      assert.equal(
        await reads.byReleaseUrl(db.projectId, { release: 'web@2', dist: null }, '/srv/app/dist/app.js'),
        undefined,
        'another release',
      );
      const otherProject = (await db.store.createProject('api')).id;
      assert.equal(await reads.byReleaseUrl(otherProject, release, '/srv/app/dist/app.js'), undefined);
    });

    it('a dist must match when the bundle has one; the dist’s own bundle and the longest URL win', async () => {
      await store('web@3', 'ios', [
        file('~/app.js', 'minified_source', Buffer.from('x()'), 'app.js.map'),
        file('~/app.js.map', 'source_map', mapTo('ios.ts', 1)),
      ]);
      const reads = sourceMapReads(db.store);
      const at = (dist: string | null, abs = '/srv/app.js') =>
        reads
          .byReleaseUrl(db.projectId, { release: 'web@3', dist }, abs)
          .then((f) => sourceOf(f?.map)?.source);
      assert.equal(await at('ios'), 'ios.ts');
      assert.equal(await at('android'), undefined, 'dist mismatch');
      assert.equal(await at(null), undefined, 'the bundle has a dist, the event none');

      await store('web@3', null, [
        file('~/app.js', 'minified_source', Buffer.from('x()'), 'app.js.map'),
        file('~/app.js.map', 'source_map', mapTo('any.ts', 1)),
        file('~/static/app.js', 'minified_source', Buffer.from('x()'), 'app.js.map'),
        file('~/static/app.js.map', 'source_map', mapTo('static.ts', 1)),
      ]);
      assert.equal(await at('ios'), 'ios.ts', 'the dist’s own bundle before one without a dist');
      assert.equal(await at('android'), 'any.ts', 'a bundle without a dist matches any');
      assert.equal(await at(null), 'any.ts');
      assert.equal(await at('ios', 'https://host/static/app.js'), 'static.ts', 'the longest URL first');
    });

    it('a release with no bundle costs one read per file while its miss is remembered', async () => {
      let reads = 0;
      const inner = sourceMapReads(db.store);
      const cache = new SourceMapCache({
        byDebugId: inner.byDebugId,
        byReleaseUrl: (...args) => {
          reads++;
          return inner.byReleaseUrl(...args);
        },
      });
      const release = { release: 'never-uploaded@1', dist: null };
      for (let event = 0; event < 50; event++)
        for (const abs of ['/srv/a.js', '/srv/b.js'])
          assert.equal(await cache.byReleaseUrl(db.projectId, release, abs), undefined);
      assert.equal(reads, 2);
    });
  });
});
