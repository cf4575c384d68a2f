/**
 * The dashboard's files at `/`: content types, the security headers, the client-side route
 * fallback, no way out of the folder (encoded dots, backslashes, NUL, symlinks), and 503 when
 * the dashboard is not built.
 */

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningCollector, type Store, startCollector } from '../src/index.js';
import { tempStore } from './digest-sqlite.js';

let store: Store;
let dispose: () => Promise<void>;
let collector: RunningCollector;
let unbuilt: RunningCollector;
let disposeUnbuilt: () => Promise<void>;
let outside: string;

before(async () => {
  outside = mkdtempSync(join(tmpdir(), 'faultline-static-'));
  const web = join(outside, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Faultline</title>');
  writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(web, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(outside, 'secret.txt'), 'SECRET');
  symlinkSync(join(outside, 'secret.txt'), join(web, 'link.txt'));
  ({ store, dispose } = await tempStore());
  collector = await startCollector({ store, dashboardDir: web });
  const second = await tempStore();
  disposeUnbuilt = second.dispose;
  unbuilt = await startCollector({ store: second.store, dashboardDir: join(outside, 'none') });
});

after(async () => {
  await collector.close();
  await unbuilt.close();
  await disposeUnbuilt().catch(() => undefined); // close() already closed its store
  await dispose();
  rmSync(outside, { recursive: true, force: true });
});

/** A raw request, so the path reaches the server exactly as written (fetch would normalise it). */
function get(base: string, path: string, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(`${base}/`, { path, method }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

test('index.html at / with a strict CSP and nosniff', async () => {
  const res = await get(collector.url, '/');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  const csp = String(res.headers['content-security-policy']);
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ])
    assert.ok(csp.includes(directive), directive);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['cache-control'], 'no-cache');
});

test('assets with their content types and long caching; client routes fall back to index.html', async () => {
  const js = await get(collector.url, '/assets/app-1234.js');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(String(js.headers['cache-control']), /immutable/);
  assert.equal(
    (await get(collector.url, '/assets/app-1234.css')).headers['content-type'],
    'text/css; charset=utf-8',
  );
  const route = await get(collector.url, '/issues/12?status=resolved');
  assert.equal(route.status, 200);
  assert.match(route.body, /<title>Faultline/);
  assert.equal((await get(collector.url, '/assets/missing.js')).status, 404);
  assert.equal((await get(collector.url, '/', 'POST')).status, 405);
  assert.equal((await get(collector.url, '/', 'HEAD')).status, 200);
});

test('no directory traversal', async () => {
  for (const path of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets%5c..%5c..%5csecret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/link.txt',
  ]) {
    const res = await get(collector.url, path);
    assert.ok([400, 404].includes(res.status), `${path}: ${res.status}`);
    assert.doesNotMatch(res.body, /SECRET/, path);
  }
});

test('503 with a clear message when the dashboard is not built', async () => {
  const res = await get(unbuilt.url, '/');
  assert.equal(res.status, 503);
  assert.match(res.body, /npm run build/);
  assert.equal((await get(unbuilt.url, '/health')).status, 200);
});
