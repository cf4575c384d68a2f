/**
 * The reporter's in-process source maps (`sourceMaps: true`, issue 17 §3): a TypeScript app
 * built by esbuild (a map beside the built file, or inline) and run as a child process without
 * --enable-source-maps reports frames that name the .ts file, line, column and function, with
 * the source line; with the option off they are the built file's; with --enable-source-maps
 * they are mapped once, by Node. A map over the bound or a corrupt one: the report arrives
 * unmapped and says why in one log line. Events go to a real HTTP sink (reporter-receiver.ts).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MAX_SOURCE_MAP_BYTES } from '../src/limits.js';
import { startReceiver } from './reporter-receiver.js';

const repoModules = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

const SOURCE = `import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultline } from '@faultline/server';
import { faultlineHandler } from '@faultline/server/node';

interface Order {
  id: string;
}

function loadOrder(id: string): Order {
  const found: Order | undefined = undefined;
  if (found === undefined) throw new Error(\`order \${id} is gone\`);
  return found;
}

export function handleOrder(id: string): Order {
  try {
    return loadOrder(id);
  } catch (cause) {
    throw new Error('cannot handle the order', { cause });
  }
}

const line = (level: string) => (obj: object, msg?: string) =>
  console.log(JSON.stringify({ level, msg, ...obj }));
const faultline = createFaultline({
  service: 'ts-app',
  dsn: process.env.DSN,
  rates: false,
  sourceMaps: process.env.SOURCE_MAPS === '1',
  logger: { error() {}, info() {}, warn: line('warn') },
});
const server = http.createServer(
  faultlineHandler(faultline, (_req, res) => {
    handleOrder('42');
    res.end('ok');
  }),
);
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
`;

const lines = SOURCE.split('\n');
const THROW_LINE = lines.findIndex((l) => l.includes('throw new Error')) + 1;
const THROW_COLUMN = (lines[THROW_LINE - 1] as string).indexOf('new Error') + 1;
const CALL_LINE = lines.findIndex((l) => l.includes('return loadOrder(id)')) + 1;
const WRAP_LINE = lines.findIndex((l) => l.includes("throw new Error('cannot")) + 1;
const DEBUG_ID = 'c4a1e2b3-1d2e-4f50-8a6b-7c8d9e0f1a2b';

let dir: string;

/** Builds src/app.ts into `<out>/app.js` (ESM), its map beside it or inline. */
async function buildApp(
  out: string,
  sourcemap: 'external' | 'inline',
  { minify = false, sourcesContent = true } = {},
): Promise<string> {
  const outfile = join(dir, out, 'app.js');
  await build({
    entryPoints: [join(dir, 'src', 'app.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    sourcemap: sourcemap === 'external' ? true : 'inline',
    minify,
    sourcesContent,
    external: ['@faultline/server', '@faultline/server/*'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

interface Run {
  event: any;
  events: any[];
  logs: any[];
}

/** Runs a built app, requests it `requests` times and returns what it reported and logged. */
async function run(
  app: string,
  options: { sourceMaps: boolean; nodeArgs?: string[]; requests?: number },
): Promise<Run> {
  const receiver = await startReceiver();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), app], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', DSN: receiver.dsn, SOURCE_MAPS: options.sourceMaps ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  try {
    while (!stdout.includes('\n')) await once(child.stdout, 'data');
    const { port } = JSON.parse(stdout.split('\n')[0] as string);
    const requests = options.requests ?? 1;
    for (let i = 0; i < requests; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/orders/42`);
      assert.equal(res.status, 500);
      await res.text();
    }
    await receiver.waitFor(() => receiver.events().length >= requests, 10_000);
    const events = receiver.events() as any[];
    const logs = stdout
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
    return { event: events[0], events, logs };
  } finally {
    child.kill();
    await receiver.close();
  }
}

/** The app's own frames, newest last, of the cause loadOrder threw (the oldest value), or of
 * the error handleOrder wrapped it in (the last). */
function appFrames(event: any, which: 'cause' | 'thrown' = 'cause'): any[] {
  const values = event.exception.values;
  assert.equal(values.length, 2, 'the thrown error and its cause');
  const value = which === 'cause' ? values[0] : values.at(-1);
  return value.stacktrace.frames.filter((f: any) => f.in_app);
}

function assertMappedByReporter(event: any): void {
  const frames = appFrames(event);
  const thrown = frames.at(-1);
  assert.equal(thrown.filename, 'src/app.ts');
  assert.equal(thrown.abs_path, join(dir, 'src', 'app.ts'));
  assert.equal(thrown.function, 'loadOrder');
  assert.equal(thrown.lineno, THROW_LINE);
  assert.equal(thrown.colno, THROW_COLUMN);
  assert.equal(thrown.context_line, lines[THROW_LINE - 1]);
  assert.deepEqual(thrown.pre_context.at(-1), lines[THROW_LINE - 2]);
  assert.equal(thrown.data?.symbolicated, true);
  const caller = frames.at(-2);
  assert.equal(caller.filename, 'src/app.ts');
  assert.equal(caller.function, 'handleOrder');
  assert.equal(caller.lineno, CALL_LINE);
  const wrapped = appFrames(event, 'thrown').at(-1);
  assert.equal(wrapped.filename, 'src/app.ts', 'the frames of every error of the chain are mapped');
  assert.equal(wrapped.function, 'handleOrder');
  assert.equal(wrapped.lineno, WRAP_LINE);
  assert.equal(wrapped.context_line, lines[WRAP_LINE - 1]);
  for (const value of event.exception.values)
    assert.ok(
      value.stacktrace.frames.every((f: any) => !/\/dist[^/]*\/app\.js$/.test(String(f.abs_path))),
      'no frame of the built file is left',
    );
  assert.equal(
    event.debug_meta,
    undefined,
    'a mapped frame names no image: the collector does not map it again',
  );
}

describe('in-process source maps (sourceMaps: true)', () => {
  let external: string;
  let inline: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fl-sourcemaps-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.ts'), SOURCE);
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    symlinkSync(repoModules, join(dir, 'node_modules'));
    external = await buildApp('dist', 'external');
    // A debug ID as `sentry-cli sourcemaps inject` writes it: the collector could map this
    // file's frames too, so the reporter must not name it for the frames it mapped.
    const built = readFileSync(external, 'utf8').replace(
      /\/\/# sourceMappingURL=/,
      `//# debugId=${DEBUG_ID}\n//# sourceMappingURL=`,
    );
    writeFileSync(external, built);
    inline = await buildApp('dist-inline', 'inline');
    // The debug ID after the inline map, as some tools write it: the map is still found.
    writeFileSync(inline, `${readFileSync(inline, 'utf8')}//# debugId=${DEBUG_ID}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the frames through the map beside the built file: .ts file, line, column, function, source line', async () => {
    const { event, logs } = await run(external, { sourceMaps: true });
    assertMappedByReporter(event);
    assert.deepEqual(logs, []);
  });

  it('maps the frames through an inline map', async () => {
    const { event } = await run(inline, { sourceMaps: true });
    assertMappedByReporter(event);
  });

  it('a minified build: the functions get their source names back (named at their callers’ call sites)', async () => {
    const minified = await buildApp('dist-min', 'external', { minify: true });
    const built = await run(minified, { sourceMaps: false });
    assert.notEqual(appFrames(built.event).at(-1).function, 'loadOrder', 'the minifier renamed it');
    const { event } = await run(minified, { sourceMaps: true });
    assertMappedByReporter(event);
  });

  it('a map without sourcesContent: the source lines are read from the .ts file on disk', async () => {
    const bare = await buildApp('dist-bare', 'external', { sourcesContent: false });
    assert.equal(JSON.parse(readFileSync(`${bare}.map`, 'utf8')).sourcesContent, undefined);
    const { event } = await run(bare, { sourceMaps: true });
    assertMappedByReporter(event);
  });

  it('off by default: the frames are the built file’s, and its debug ID names the map for the collector', async () => {
    const { event } = await run(external, { sourceMaps: false });
    const thrown = appFrames(event).at(-1);
    assert.equal(thrown.filename, 'dist/app.js');
    assert.equal(thrown.function, 'loadOrder');
    assert.notEqual(thrown.lineno, THROW_LINE);
    assert.equal(thrown.data, undefined);
    assert.deepEqual(event.debug_meta, {
      images: [{ type: 'sourcemap', code_file: external, debug_id: DEBUG_ID }],
    });
  });

  it('with --enable-source-maps Node maps the stack and the reporter leaves it alone (mapped once)', async () => {
    const { event } = await run(external, { sourceMaps: true, nodeArgs: ['--enable-source-maps'] });
    const thrown = appFrames(event).at(-1);
    assert.equal(thrown.filename, 'src/app.ts');
    assert.equal(thrown.function, 'loadOrder');
    assert.equal(thrown.lineno, THROW_LINE);
    assert.equal(thrown.colno, THROW_COLUMN);
    assert.equal(thrown.data, undefined, 'the reporter did not map it a second time');
    assert.equal(thrown.context_line, lines[THROW_LINE - 1], 'the source line read from disk');
    assert.equal(event.debug_meta, undefined);
  });

  it('a map over MAX_SOURCE_MAP_BYTES is skipped, never read: the report arrives unmapped, one log line', async () => {
    const big = await buildApp('dist-big', 'external');
    const map = JSON.parse(readFileSync(`${big}.map`, 'utf8'));
    map.x_padding = 'x'.repeat(MAX_SOURCE_MAP_BYTES);
    writeFileSync(`${big}.map`, JSON.stringify(map));
    const { events, logs } = await run(big, { sourceMaps: true, requests: 2 });
    assert.equal(events.length, 2);
    for (const event of events) assert.equal(appFrames(event).at(-1).filename, 'dist-big/app.js');
    assert.equal(logs.length, 1, JSON.stringify(logs));
    assert.equal(logs[0].level, 'warn');
    assert.equal(logs[0].file, big);
    assert.match(logs[0].reason, /MAX_SOURCE_MAP_BYTES/);
  });

  it('a corrupt map: the reports arrive unmapped and it is logged once, not per error', async () => {
    const corrupt = await buildApp('dist-corrupt', 'external');
    writeFileSync(`${corrupt}.map`, '{"version":3,"mappings":');
    const { events, logs } = await run(corrupt, { sourceMaps: true, requests: 3 });
    assert.equal(events.length, 3);
    for (const event of events) {
      const thrown = appFrames(event).at(-1);
      assert.equal(thrown.filename, 'dist-corrupt/app.js');
      assert.equal(thrown.function, 'loadOrder');
    }
    assert.equal(logs.length, 1, JSON.stringify(logs));
    assert.equal(logs[0].sourceMap, `${corrupt}.map`);
    assert.match(logs[0].reason, /not a source map/);
  });
});
