/**
 * Source maps uploaded WITHOUT debug IDs (the real sentry-cli 3.8: `sourcemaps upload --release R
 * dist/` and no `sourcemaps inject`, as older setups do): the manifest names the files
 * `~/app.js`, the bundle carries the release, and the real @sentry/node (release R) sends frames
 * with no `debug_meta`. The collector matches them by release and URL: the stored event's frames
 * point at the .ts file, line and function with context lines; an event of another release, or
 * of the release with another dist than the bundle's, stays as sent, and so do frames Node
 * already mapped (`--enable-source-maps`) whose path suffix names a built file of the same
 * name. SQLite, and PostgreSQL when FAULTLINE_TEST_PG_URL is set.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { forEachEngine, useTestCollector } from '@faultline/test-support';
import { build } from 'esbuild';
import { sentryCli, waitFor } from './sentry-cli-run.js';

const run = promisify(execFile);

const APP = [
  "import * as Sentry from '@sentry/node';",
  'Sentry.init({ dsn: process.env.SENTRY_DSN, release: process.env.RELEASE, dist: process.env.DIST || undefined });',
  'export function charge(cents: number): number {',
  "  if (cents > 100) throw new Error('card declined: ' + cents);",
  '  return cents;',
  '}',
  'function checkout(total: number): number {',
  '  return charge(total);',
  '}',
  'try {',
  '  checkout(Number(process.env.CENTS));',
  '} catch (error) {',
  '  Sentry.captureException(error);',
  '}',
  'Sentry.flush(5000).then(() => process.exit(0));',
].join('\n');

type Frame = Record<string, unknown>;

forEachEngine((engine) => {
  describe(`source maps uploaded by release, without debug IDs (${engine.name})`, () => {
    const c = useTestCollector({ engine });
    let dir: string;
    let env: Record<string, string>;
    const cli = (...args: string[]) => sentryCli(args, env, dir);
    const sentryNode = createRequire(import.meta.url).resolve('@sentry/node');
    const nodePath = sentryNode.slice(0, sentryNode.lastIndexOf('/node_modules/') + '/node_modules'.length);

    /** Runs the built app for a release (and dist), throwing with `cents`; its stored event. */
    async function runApp(
      release: string,
      cents: number,
      dist = '',
      args = [join(dir, 'dist', 'app.js')],
    ): Promise<Record<string, any>> {
      const ran = await run(process.execPath, args, {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_PATH: nodePath,
          SENTRY_DSN: c.dsn,
          RELEASE: release,
          DIST: dist,
          CENTS: String(cents),
        },
        timeout: 30_000,
      });
      assert.equal(ran.stderr, '');
      // Titles are normalised (`card declined: <int>`): the event is told apart by its value.
      return waitFor(async () => {
        const rows = (await c.rows(`SELECT payload FROM events WHERE release = '${release}'`)) as {
          payload: unknown;
        }[];
        return rows
          .map((r) => JSON.parse(String(r.payload)))
          .find((e) => e.exception.values[0].value === `card declined: ${cents}`);
      });
    }

    const topFrames = (event: Record<string, any>) => {
      const frames = event.exception.values[0].stacktrace.frames as Frame[];
      return { top: frames.at(-1) as Frame, caller: frames.at(-2) as Frame };
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'faultline-release-maps-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'app.ts'), APP);
      await build({
        entryPoints: [join(dir, 'src', 'app.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        minify: true,
        sourcemap: true,
        external: ['@sentry/node'],
        outfile: join(dir, 'dist', 'app.js'),
        logLevel: 'silent',
      });
      env = { SENTRY_URL: c.url, SENTRY_AUTH_TOKEN: c.adminToken, SENTRY_ORG: 'acme' };
      const upload = await cli('sourcemaps', 'upload', '-p', 'default', '--release', 'shop@3', 'dist');
      assert.equal(upload.code, 0, upload.out);
      const withDist = await cli(
        'sourcemaps',
        'upload',
        '-p',
        'default',
        '--release',
        'shop@4',
        '--dist',
        'web',
        'dist',
      );
      assert.equal(withDist.code, 0, withDist.out);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('the bundle carries the release and no debug IDs', async () => {
      const rows = (await c.rows(
        "SELECT f.url, f.kind, f.debug_id, b.release, b.dist FROM artifact_files f JOIN artifact_bundles b ON b.id = f.bundle_id WHERE b.release IN ('shop@3', 'shop@4') ORDER BY b.release, f.url",
      )) as Record<string, unknown>[];
      assert.deepEqual(
        rows.map((r) => [r.release, r.dist, r.url, r.kind, r.debug_id]),
        [
          ['shop@3', null, '~/app.js', 'minified_source', null],
          ['shop@3', null, '~/app.js.map', 'source_map', null],
          ['shop@4', 'web', '~/app.js', 'minified_source', null],
          ['shop@4', 'web', '~/app.js.map', 'source_map', null],
        ],
      );
    });

    it('@sentry/node of the release: frames mapped to the .ts file, line and function, with context', async () => {
      const event = await runApp('shop@3', 500);
      assert.equal(event.debug_meta, undefined, 'the SDK sent no debug IDs');
      const { top, caller } = topFrames(event);
      assert.equal(top.filename, 'src/app.ts');
      assert.equal(top.function, 'charge');
      assert.equal(top.lineno, 4);
      assert.equal(top.context_line, "  if (cents > 100) throw new Error('card declined: ' + cents);");
      assert.deepEqual(top.pre_context, APP.split('\n').slice(0, 3));
      assert.equal((top.data as Frame).resolved_with, 'release');
      assert.equal(caller.filename, 'src/app.ts');
      assert.equal(caller.function, 'checkout');
      assert.equal(caller.lineno, 8);
      const raw = event.exception.values[0].raw_stacktrace.frames.at(-1) as Frame;
      assert.equal(raw.filename, join(dir, 'dist', 'app.js'));
    });

    it('an event of another release stays as sent', async () => {
      const event = await runApp('shop@9', 501);
      const { top } = topFrames(event);
      assert.equal(top.filename, join(dir, 'dist', 'app.js'));
      assert.equal((top.data as Frame | undefined)?.symbolicated, undefined);
      assert.equal(event.exception.values[0].raw_stacktrace, undefined);
    });

    it('frames Node already mapped (--enable-source-maps) are not mapped again through a same-named built file', async () => {
      // A JavaScript app: src/app.js is built to dist/app.js, so the runtime's mapped frames
      // (…/js/src/app.js) reach the bundle's ~/app.js by their shortest suffix. The build drops
      // the comments at the top, so the source's line numbers name other, mapped, built lines.
      const js = join(dir, 'js');
      mkdirSync(join(js, 'src'), { recursive: true });
      const source = [
        ...Array.from({ length: 10 }, (_, i) => `// note ${i}`),
        "const Sentry = require('@sentry/node');",
        'Sentry.init({ dsn: process.env.SENTRY_DSN, release: process.env.RELEASE });',
        'function charge(cents) {',
        "  if (cents > 100) throw new Error('card declined: ' + cents);",
        '  return cents;',
        '}',
        'function checkout(total) {',
        '  return charge(total);',
        '}',
        ...Array.from({ length: 20 }, (_, i) => `globalThis.step${i} = ${i} * 2;`),
        'try {',
        '  checkout(Number(process.env.CENTS));',
        '} catch (error) {',
        '  Sentry.captureException(error);',
        '}',
        'Sentry.flush(5000).then(() => process.exit(0));',
      ];
      writeFileSync(join(js, 'src', 'app.js'), source.join('\n'));
      await build({
        entryPoints: [join(js, 'src', 'app.js')],
        platform: 'node',
        format: 'cjs',
        sourcemap: true,
        outfile: join(js, 'dist', 'app.js'),
        logLevel: 'silent',
      });
      const upload = await cli(
        'sourcemaps',
        'upload',
        '-p',
        'default',
        '--release',
        'js@1',
        join('js', 'dist'),
      );
      assert.equal(upload.code, 0, upload.out);
      const event = await runApp('js@1', 504, '', ['--enable-source-maps', join(js, 'dist', 'app.js')]);
      const { top } = topFrames(event);
      assert.equal(top.filename, join(js, 'src', 'app.js'), 'Node mapped it');
      assert.equal(top.lineno, 14);
      assert.equal((top.data as Frame | undefined)?.symbolicated, undefined, 'and the collector left it');
      assert.equal(event.exception.values[0].raw_stacktrace, undefined);
    });

    it('a bundle with a dist maps only events of that dist', async () => {
      const web = topFrames(await runApp('shop@4', 502, 'web')).top;
      assert.equal(web.filename, 'src/app.ts');
      assert.equal(web.lineno, 4);
      const ios = topFrames(await runApp('shop@4', 503, 'ios')).top;
      assert.equal(ios.filename, join(dir, 'dist', 'app.js'));
    });
  });
});
