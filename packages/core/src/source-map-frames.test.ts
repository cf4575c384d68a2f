import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TraceMap } from '@jridgewell/trace-mapping';
import { type MapFramesOptions, mapFrames, sentLineMatches, sourceName } from './source-map-frames.js';

const OPTIONS: MapFramesOptions = { contextLines: 5, maxLineChars: 500, resolvedWith: 'debug-id' };

// A hand-made map of one generated line `function a(){b()}function b(){throw 1}`: `a` at column 0
// was `outer` on line 1 of src/x.ts, the call `b()` at column 13 names `inner` (line 2), and the
// throw at column 30 is line 5, column 2.
const RAW = {
  version: 3 as const,
  file: 'x.js',
  sources: ['../src/x.ts'],
  sourcesContent: ['function outer() {\n  inner();\n}\nfunction inner() {\n  throw 1;\n}'],
  names: ['outer', 'inner'],
  // [generated column, source, line, column, name?]: (0 → 0:0 outer), (13 → 1:2 inner), (30 → 4:2)
  mappings: 'AAAAA,aACEC,iBAGA',
};
const MAP = new TraceMap(RAW);

const BY_ID = { map: MAP, resolvedWith: 'debug-id' } as const;

test('frames are mapped to the source; the caller names the callee; other frames stay', () => {
  const frames = [
    { filename: 'node:internal/main', function: 'run', lineno: 10, colno: 5 },
    { filename: '/app/dist/x.js', function: 'a', lineno: 1, colno: 14, in_app: true },
    { filename: '/app/dist/x.js', function: 'b', lineno: 1, colno: 31, in_app: true },
  ];
  const { frames: out, mapped } = mapFrames(
    frames,
    (file) => (file === '/app/dist/x.js' ? BY_ID : undefined),
    OPTIONS,
  );
  assert.equal(mapped, 2);
  assert.deepEqual(out[0], frames[0]);
  assert.equal(out[1]?.filename, 'src/x.ts');
  assert.equal(out[1]?.abs_path, '/app/src/x.ts');
  assert.equal(out[1]?.lineno, 2);
  assert.equal(out[1]?.function, 'a', 'its caller is not mapped: the name it had stays');
  assert.equal(out[2]?.lineno, 5);
  assert.equal(out[2]?.function, 'inner', 'named by the token at its caller’s call site');
  assert.equal(out[2]?.context_line, '  throw 1;');
  assert.deepEqual(out[2]?.post_context, ['}']);
});

test('a frame without a line, or past what the map covers, keeps its place', () => {
  const frames = [{ filename: '/app/dist/x.js', function: 'a' }];
  assert.deepEqual(mapFrames(frames, () => BY_ID, OPTIONS).frames, frames);
  const past = mapFrames(
    [{ filename: '/app/dist/x.js', function: 'a', lineno: 99, colno: 1 }],
    () => BY_ID,
    OPTIONS,
  );
  assert.equal(past.mapped, 0);
  assert.equal(past.frames[0]?.lineno, 99);
});

test('source names lose bundler prefixes and leading relative segments', () => {
  assert.equal(sourceName('webpack:///./src/a.ts'), 'src/a.ts');
  assert.equal(sourceName('webpack://shop/src/a.ts'), 'src/a.ts');
  assert.equal(sourceName('../../src/a.ts'), 'src/a.ts');
  assert.equal(sourceName('node_modules/x/y.js'), 'node_modules/x/y.js');
});

test('a frame already mapped is never mapped again', () => {
  const once = mapFrames(
    [{ filename: '/app/dist/x.js', lineno: 1, colno: 31, in_app: true }],
    () => BY_ID,
    OPTIONS,
  );
  assert.equal(once.mapped, 1);
  const twice = mapFrames(once.frames, () => BY_ID, OPTIONS);
  assert.equal(twice.mapped, 0);
  assert.deepEqual(twice.frames, once.frames);
});

test('with the app root, a mapped frame is named as core names a frame at that path', () => {
  const frames = [
    { abs_path: '/app/dist/x.js', filename: 'dist/x.js', lineno: 1, colno: 14, in_app: true },
    { abs_path: '/app/dist/x.js', filename: 'dist/x.js', lineno: 1, colno: 31, in_app: true },
  ];
  const { frames: out } = mapFrames(frames, () => ({ map: MAP }), {
    ...OPTIONS,
    root: '/app',
    resolvedWith: 'in-process',
  });
  assert.equal(out[1]?.abs_path, '/app/src/x.ts');
  assert.equal(out[1]?.filename, 'src/x.ts');
  assert.equal(out[1]?.module, 'src:x');
  assert.equal(out[1]?.in_app, true);
  assert.deepEqual(out[1]?.data, { symbolicated: true, resolved_with: 'in-process' });
  const vendored = new TraceMap({ ...RAW, sources: ['../node_modules/lib/x.ts'] });
  const lib = mapFrames(frames, () => ({ map: vendored }), { ...OPTIONS, root: '/app' }).frames[1];
  assert.equal(lib?.filename, 'lib/x.ts');
  assert.equal(lib?.in_app, false, 'node_modules is not in-app, mapped or not');
});

test('a file matched by URL maps only frames whose sent line is that file’s line', () => {
  const built = ['function a(){b()}function b(){throw 1}'];
  const byUrl = { map: MAP, resolvedWith: 'release', builtLines: built } as const;
  const ran = { filename: '/app/dist/x.js', lineno: 1, colno: 31, context_line: built[0] };
  const already = { filename: '/app/src/x.js', lineno: 5, colno: 3, context_line: '  throw 1;' };
  const { frames, mapped } = mapFrames([ran, already], () => byUrl, OPTIONS);
  assert.equal(mapped, 1);
  assert.equal(frames[0]?.filename, 'src/x.ts');
  assert.equal((frames[0]?.data as { resolved_with?: string } | undefined)?.resolved_with, 'release');
  assert.deepEqual(frames[1], already, 'already mapped by the runtime: left as sent');
});

test('sent lines cut by the SDK ({snip}) still match; no sent line matches; a line past the file does not', () => {
  const line = `${'x'.repeat(200)}throw new Error("boom")${'y'.repeat(200)}`;
  const snipped = `{snip} ${line.slice(150, 290)} {snip}`;
  assert.equal(sentLineMatches({ lineno: 1, context_line: snipped }, [line]), true);
  assert.equal(sentLineMatches({ lineno: 1, context_line: '  other();' }, [line]), false);
  assert.equal(sentLineMatches({ lineno: 1 }, [line]), true, 'browser SDKs send no context');
  assert.equal(sentLineMatches({ lineno: 2, context_line: 'a' }, [line]), false);
});
