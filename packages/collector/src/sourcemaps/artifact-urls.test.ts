import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ARTIFACT_URL_SUFFIXES } from '../limits.js';
import {
  artifactUrlCandidates,
  inlineSourceMap,
  mapUrlCandidates,
  sourceMappingUrl,
} from './artifact-urls.js';

test('every abs_path form of one file reaches `~/dist/app.js` and `~/app.js`', () => {
  for (const file of [
    'file:///app/dist/app.js',
    '/app/dist/app.js',
    'app:///dist/app.js',
    'http://host/dist/app.js',
    'https://cdn.example.com/dist/app.js?v=3#top',
    'C:\\app\\dist\\app.js',
    'dist/app.js',
  ]) {
    const urls = artifactUrlCandidates(file);
    assert.ok(urls.includes('~/dist/app.js'), `${file}: ${urls}`);
    assert.ok(urls.includes('~/app.js'), `${file}: ${urls}`);
  }
});

test("Sentry's candidates come first: the URL as sent, without its query, then `~/path`", () => {
  assert.deepEqual(artifactUrlCandidates('http://host/static/app.min.js?v=1#x'), [
    'http://host/static/app.min.js?v=1',
    'http://host/static/app.min.js',
    '~/static/app.min.js?v=1',
    '~/static/app.min.js',
    '~/app.min.js',
  ]);
  assert.deepEqual(artifactUrlCandidates('file:///app/dist/app.js'), [
    'file:///app/dist/app.js',
    '~/app/dist/app.js',
    '~/app.js',
    '~/dist/app.js',
  ]);
  assert.deepEqual(artifactUrlCandidates('/app/dist/app.js'), [
    '~/app/dist/app.js',
    '~/app.js',
    '~/dist/app.js',
  ]);
});

test('a deep path tries its whole path and only its shortest suffixes', () => {
  const deep = `/${Array.from({ length: 20 }, (_, i) => `d${i}`).join('/')}/app.js`;
  const urls = artifactUrlCandidates(deep);
  assert.equal(urls[0], `~${deep}`);
  assert.equal(urls.length, 1 + MAX_ARTIFACT_URL_SUFFIXES);
  assert.equal(urls[1], '~/app.js');
  assert.ok(!urls.includes('~/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16/d17/d18/d19/app.js'));
});

test('frames that name no file get no candidates', () => {
  for (const file of ['node:internal/main', 'node:fs', '<anonymous>', 'native', '', '/', 'http://host/'])
    assert.deepEqual(artifactUrlCandidates(file), file === 'native' ? ['~/native'] : [], file);
});

test('a map is looked up next to its file, with `~` as the host', () => {
  assert.deepEqual(mapUrlCandidates('~/app.js', 'app.js.map'), ['~/app.js.map']);
  assert.deepEqual(mapUrlCandidates('~/dist/app.js', 'app.js.map'), ['~/dist/app.js.map']);
  assert.deepEqual(mapUrlCandidates('~/dist/js/app.js', '../maps/app.js.map'), ['~/dist/maps/app.js.map']);
  assert.deepEqual(mapUrlCandidates('~/dist/app.js', '/maps/app.js.map'), ['~/maps/app.js.map']);
  assert.deepEqual(mapUrlCandidates('http://host/static/app.js', 'app.js.map?v=2'), [
    'http://host/static/app.js.map',
    '~/static/app.js.map',
  ]);
  assert.deepEqual(mapUrlCandidates('~/app.js', 'https://cdn.example.com/m/app.js.map'), [
    'https://cdn.example.com/m/app.js.map',
    '~/m/app.js.map',
  ]);
  assert.deepEqual(mapUrlCandidates('~/app.js', 'data:application/json;base64,e30='), []);
});

test('the last sourceMappingURL comment names the map; an inline one is decoded', () => {
  const js = Buffer.from('a();\n//# sourceMappingURL=old.map\nb();\n//# sourceMappingURL=app.js.map\n');
  assert.equal(sourceMappingUrl(js), 'app.js.map');
  assert.equal(sourceMappingUrl(Buffer.from('a();\n//@ sourceMappingURL=x.map')), 'x.map');
  assert.equal(
    sourceMappingUrl(Buffer.from('a();\n//# sourceMappingURL=app.js.map\n//# debugId=fb8fc432\n')),
    'app.js.map',
  );
  assert.equal(sourceMappingUrl(Buffer.from('const s = "sourceMappingURL=no";\n')), undefined);
  const map = '{"version":3,"sources":[],"mappings":""}';
  assert.equal(
    inlineSourceMap(`data:application/json;base64,${Buffer.from(map).toString('base64')}`)?.toString(),
    map,
  );
  assert.equal(inlineSourceMap(`data:application/json,${encodeURIComponent(map)}`)?.toString(), map);
  assert.equal(inlineSourceMap('app.js.map'), undefined);
});
