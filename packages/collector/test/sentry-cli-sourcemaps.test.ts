/**
 * `sentry-cli sourcemaps inject` and `sourcemaps upload` (real sentry-cli 3.8 binary) of a
 * TypeScript app bundled by esbuild, against a collector (SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set): the bundle is assembled and stored, its files found by debug
 * ID; uploading it again uploads nothing. Hostile uploads are refused with their reason and
 * nothing of them is stored.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { forEachEngine, useTestCollector } from '@faultline/test-support';
import { build } from 'esbuild';
import { CHUNK_UPLOAD_CHUNK_BYTES } from '../src/limits.js';
import { sentryCli, waitFor } from './sentry-cli-run.js';

const run = promisify(execFile);

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

/** A zip of stored or deflated entries, written here so a test can lie in it. */
function zip(entries: { name: string; data: Buffer; claimedSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const size = e.claimedSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const manifest = (files: Record<string, unknown>) => Buffer.from(JSON.stringify({ files }));

forEachEngine((engine) => {
  describe(`sentry-cli sourcemaps against the collector (${engine.name})`, () => {
    const c = useTestCollector({ engine });
    let dir: string;
    let env: Record<string, string>;
    const cli = (...args: string[]) => sentryCli(args, env, dir);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${c.url}/api/0/organizations/acme/${path}`, {
        ...init,
        headers: { authorization: `Bearer ${c.adminToken}`, ...(init.headers ?? {}) },
      });
    const uploadChunk = (parts: { field?: string; name: string; body: Buffer }[]) => {
      const form = new FormData();
      for (const p of parts) form.append(p.field ?? 'file_gzip', new Blob([p.body]), p.name);
      return api('chunk-upload/', { method: 'POST', body: form });
    };
    const assemble = (body: unknown) =>
      api('artifactbundle/assemble/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as { state: string; missingChunks: string[]; detail: string | null },
      }));
    /** Uploads `bundle` as one chunk and assembles it. */
    const uploadBundle = async (bundle: Buffer) => {
      const res = await uploadChunk([{ name: sha1(bundle), body: gzipSync(bundle) }]);
      assert.equal(res.status, 200);
      return assemble({ checksum: sha1(bundle), chunks: [sha1(bundle)], projects: ['default'] });
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'faultline-sourcemaps-'));
      mkdirSync(join(dir, 'src'));
      writeFileSync(
        join(dir, 'src', 'app.ts'),
        'export function charge(cents: number): number {\n  if (cents > 100) throw new Error("card declined: " + cents);\n  return cents;\n}\ncharge(1);\n',
      );
      await build({
        entryPoints: [join(dir, 'src', 'app.ts')],
        bundle: true,
        platform: 'node',
        sourcemap: true,
        outfile: join(dir, 'dist', 'app.js'),
        logLevel: 'silent',
      });
      const ci = await c.store.createToken('ci', { scopes: ['project:releases'] });
      env = { SENTRY_URL: c.url, SENTRY_AUTH_TOKEN: ci.token, SENTRY_ORG: 'acme' };
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('inject, upload: the bundle is stored and its files are found by debug ID; again, nothing is uploaded', async () => {
      const inject = await cli('sourcemaps', 'inject', 'dist');
      assert.equal(inject.code, 0, inject.out);
      const debugId = /([0-9a-f-]{36}) - dist\/app\.js\.map/.exec(inject.out)?.[1];
      assert.ok(debugId, inject.out);
      const upload = await cli('sourcemaps', 'upload', '-p', 'default', '--release', 'api@1', 'dist');
      assert.equal(upload.code, 0, upload.out);
      const files = await c.store.artifactFilesByDebugId(1 as never, debugId);
      assert.deepEqual(files.map((f) => [f.url, f.kind]).sort(), [
        ['~/app.js', 'minified_source'],
        ['~/app.js.map', 'source_map'],
      ]);
      const map = JSON.parse(files.find((f) => f.kind === 'source_map')?.data.toString('utf8') ?? '{}');
      assert.ok(map.sources.some((s: string) => s.endsWith('app.ts')));
      assert.deepEqual(await c.store.missingUploadChunks(['0'.repeat(40)]), ['0'.repeat(40)]);

      const again = await cli(
        'sourcemaps',
        'upload',
        '-p',
        'default',
        '--release',
        'api@1',
        '--wait',
        'dist',
      );
      assert.equal(again.code, 0, again.out);
      assert.match(again.out, /Nothing to upload, all files are on the server/);
    });

    it('@sentry/node running two builds of a bundled TypeScript app: frames mapped to the .ts source, one issue', async () => {
      const appDir = join(dir, 'shop');
      mkdirSync(appDir);
      const source = (padding: string) =>
        [
          "import * as Sentry from '@sentry/node';",
          'Sentry.init({ dsn: process.env.SENTRY_DSN, release: process.env.RELEASE });',
          padding,
          'export function charge(cents: number): number {',
          "  if (cents > 100) throw new Error('card declined: ' + cents);",
          '  return cents;',
          '}',
          'function checkout(total: number): number {',
          '  return charge(total);',
          '}',
          'try {',
          '  checkout(500);',
          '} catch (error) {',
          '  Sentry.captureException(error);',
          '}',
          'Sentry.flush(5000).then(() => process.exit(0));',
        ].join('\n');
      const sentryNode = createRequire(import.meta.url).resolve('@sentry/node');
      const nodePath = sentryNode.slice(0, sentryNode.lastIndexOf('/node_modules/') + '/node_modules'.length);
      // Two builds of the same bug: minified, and not (with other code before it).
      for (const [release, minify, padding] of [
        ['shop@1', true, ''],
        [
          'shop@2',
          false,
          'export const banner = "a build with more lines";\nexport const other = () => banner.length;',
        ],
      ] as const) {
        const out = join(appDir, release.replace('@', '-'));
        writeFileSync(join(appDir, 'app.ts'), source(padding));
        await build({
          entryPoints: [join(appDir, 'app.ts')],
          bundle: true,
          platform: 'node',
          format: 'cjs',
          minify,
          sourcemap: true,
          external: ['@sentry/node'],
          outfile: join(out, 'app.js'),
          logLevel: 'silent',
        });
        assert.equal((await cli('sourcemaps', 'inject', out)).code, 0);
        const upload = await cli('sourcemaps', 'upload', '-p', 'default', '--release', release, out);
        assert.equal(upload.code, 0, upload.out);
        const ran = await run(process.execPath, [join(out, 'app.js')], {
          env: { PATH: process.env.PATH ?? '', NODE_PATH: nodePath, SENTRY_DSN: c.dsn, RELEASE: release },
          timeout: 30_000,
        });
        assert.equal(ran.stderr, '');
      }
      const stored = await waitFor(async () => {
        const rows = await c.rows(
          "SELECT issue_id, payload FROM events WHERE release IN ('shop@1', 'shop@2') ORDER BY release",
        );
        return rows.length === 2 ? (rows as { issue_id: unknown; payload: unknown }[]) : undefined;
      });
      const events = stored.map((r) => ({
        issueId: Number(r.issue_id),
        event: JSON.parse(String(r.payload)),
      }));
      assert.equal(events[0]?.issueId, events[1]?.issueId, 'two builds of one bug make one issue');
      for (const { event } of events) {
        const value = event.exception.values[0];
        const frames = value.stacktrace.frames as Record<string, unknown>[];
        const top = frames.at(-1) as Record<string, unknown>;
        assert.equal(top.filename, 'app.ts');
        assert.equal(top.function, 'charge');
        // Line 5 of the first build's source; the second has two more lines before it.
        assert.equal(top.lineno, event.release === 'shop@1' ? 5 : 6);
        assert.match(String(top.context_line), /card declined/);
        assert.equal((frames.at(-2) as Record<string, unknown>).function, 'checkout');
        assert.ok(Array.isArray(top.pre_context) && top.pre_context.length > 0);
        const raw = value.raw_stacktrace.frames.at(-1) as Record<string, unknown>;
        assert.match(String(raw.filename), /app\.js$/);
      }
    });

    it('the probe answers not_found with exactly the missing chunks', async () => {
      const a = Buffer.from('first half of a bundle');
      const b = Buffer.from('second half of a bundle');
      assert.equal((await uploadChunk([{ name: sha1(a), body: gzipSync(a) }])).status, 200);
      const probe = await assemble({
        checksum: sha1(Buffer.concat([a, b])),
        chunks: [sha1(a), sha1(b)],
        projects: ['default'],
      });
      assert.deepEqual(probe.json, { state: 'not_found', missingChunks: [sha1(b)], detail: null });
    });

    it('hostile chunks are refused with their reason, and none of the request is stored', async () => {
      const good = Buffer.from('a good chunk');
      const lied = Buffer.from('bytes that hash to something else');
      const mismatch = await uploadChunk([
        { name: sha1(good), body: gzipSync(good) },
        { name: sha1(good).replace(/^./, (d) => (d === '0' ? '1' : '0')), body: gzipSync(lied) },
      ]);
      assert.equal(mismatch.status, 400);
      assert.match(((await mismatch.json()) as { detail: string }).detail, /does not match its checksum/);
      assert.deepEqual(await c.store.missingUploadChunks([sha1(good)]), [sha1(good)]);

      const bomb = Buffer.alloc(CHUNK_UPLOAD_CHUNK_BYTES * 8);
      const bombed = await uploadChunk([{ name: sha1(bomb), body: gzipSync(bomb) }]);
      assert.equal(bombed.status, 413);
      assert.match(((await bombed.json()) as { detail: string }).detail, /CHUNK_UPLOAD_CHUNK_BYTES/);

      const big = Buffer.alloc(CHUNK_UPLOAD_CHUNK_BYTES + 1, 7);
      const oversized = await uploadChunk([{ field: 'file', name: sha1(big), body: big }]);
      assert.equal(oversized.status, 413);

      const notGzip = await uploadChunk([{ name: sha1(good), body: good }]);
      assert.equal(notGzip.status, 400);
      assert.match(((await notGzip.json()) as { detail: string }).detail, /not a gzip stream/);
    });

    it('hostile bundles end in state error with their reason, and nothing is stored', async () => {
      const js = Buffer.from('console.log(1)');
      const cases: [string, Buffer, RegExp][] = [
        [
          'a manifest path that leaves the bundle',
          zip([
            {
              name: 'manifest.json',
              data: manifest({ '../../etc/passwd': { type: 'source', url: '~/x.js' } }),
            },
            { name: 'files/_/_/x.js', data: js },
          ]),
          /leaves the bundle/,
        ],
        [
          'a zip bomb whose header lies about its size',
          zip([
            {
              name: 'manifest.json',
              data: manifest({ 'files/_/_/x.js': { type: 'source', url: '~/x.js' } }),
            },
            { name: 'files/_/_/x.js', data: Buffer.alloc(4 * 1024 * 1024), claimedSize: 10 },
          ]),
          /damaged|inflate/,
        ],
        ['no manifest', zip([{ name: 'files/_/_/x.js', data: js }]), /no manifest\.json/],
        ['not a zip', Buffer.from('PK but not really a zip file'), /not a zip file/],
        [
          'a listed file the zip lacks',
          zip([
            {
              name: 'manifest.json',
              data: manifest({ 'files/_/_/gone.js': { type: 'source', url: '~/gone.js' } }),
            },
          ]),
          /which the zip lacks/,
        ],
      ];
      for (const [what, bundle, reason] of cases) {
        const { status, json } = await uploadBundle(bundle);
        assert.equal(status, 200, what);
        assert.equal(json.state, 'error', what);
        assert.match(json.detail ?? '', reason, what);
        assert.equal(await c.store.artifactBundleId(sha1(bundle)), undefined, what);
        assert.deepEqual(await c.store.missingUploadChunks([sha1(bundle)]), [sha1(bundle)], what);
      }
      const part = Buffer.from('one chunk');
      assert.equal((await uploadChunk([{ name: sha1(part), body: gzipSync(part) }])).status, 200);
      const wrongSum = await assemble({
        checksum: 'f'.repeat(40),
        chunks: [sha1(part)],
        projects: ['default'],
      });
      assert.equal(wrongSum.json.state, 'error');
      assert.match(wrongSum.json.detail ?? '', /not to the bundle's checksum/);
      const badBody = await assemble({ checksum: 'nope', chunks: [], projects: ['default'] });
      assert.equal(badBody.status, 400);
    });

    it('retention: unclaimed chunks go after a day; bundles stay while used, and go once idle', async () => {
      const stray = Buffer.from('a chunk no bundle will claim');
      assert.equal((await uploadChunk([{ name: sha1(stray), body: gzipSync(stray) }])).status, 200);
      const now = Date.now();
      const first = await c.store.pruneArtifacts(now - 60_000, 0);
      assert.deepEqual(first, { chunks: 0, bundles: 0 }, 'a fresh chunk and used bundles stay');
      const later = await c.store.pruneArtifacts(now + 1, 0);
      assert.ok(later.chunks >= 1);
      assert.deepEqual(await c.store.missingUploadChunks([sha1(stray)]), [sha1(stray)]);
      const idle = await c.store.pruneArtifacts(now + 1, now + 1);
      assert.ok(idle.bundles >= 1);
      assert.equal(
        ((await c.rows('SELECT COUNT(*) AS n FROM artifact_files')) as { n: unknown }[])[0]?.n?.toString(),
        '0',
      );
    });

    it('debug files are refused with a reason sentry-cli prints', async () => {
      const res = await fetch(`${c.url}/api/0/projects/acme/default/files/difs/assemble/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { detail: string }).detail, /no debug information files/);
    });
  });
});
