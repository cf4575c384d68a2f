/**
 * The built page stays small (issue 19 §5): the entry script under MAX_ENTRY_SCRIPT_GZIP_BYTES
 * after gzip, and uPlot and the Alerts page in chunks of their own that index.html does not
 * load up front. Reads `dist/web/` as `npm run build` left it.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_ENTRY_SCRIPT_GZIP_BYTES } from '../src/limits.js';

const WEB = new URL('../web/', import.meta.url);
const html = readFileSync(new URL('index.html', WEB), 'utf8');
const assets = readdirSync(new URL('assets/', WEB));

test('the entry script is at most MAX_ENTRY_SCRIPT_GZIP_BYTES after gzip', () => {
  const entry = /<script type="module"[^>]* src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  assert.ok(entry, `no entry script in index.html:\n${html}`);
  const gzipped = gzipSync(readFileSync(new URL(`assets/${entry}`, WEB))).length;
  assert.ok(gzipped <= MAX_ENTRY_SCRIPT_GZIP_BYTES, `${entry}: ${gzipped} bytes gzip`);
});

test('uPlot and the Alerts page are lazy chunks, not loaded by index.html', () => {
  for (const chunk of [/^uPlot\..*\.js$/, /^alerts-view-.*\.js$/]) {
    const file = assets.find((a) => chunk.test(a));
    assert.ok(file, `no chunk ${chunk} in ${assets.join(', ')}`);
    assert.ok(!html.includes(file), `index.html loads ${file} up front`);
  }
});
