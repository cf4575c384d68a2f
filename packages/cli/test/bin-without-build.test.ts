/**
 * The checked-in bin (the file npm links at install time, before any build) says how to build
 * when dist/ is missing, instead of failing on a missing module or not being linked at all.
 */

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, STUB, tempDirs } from './cli-process.js';

const dirs = tempDirs();
after(dirs.removeAll);

test('a fresh clone (no dist/): the bin prints the build hint and exits 1', async () => {
  const clone = dirs.make();
  mkdirSync(join(clone, 'bin'));
  const stub = join(clone, 'bin', 'faultline.js');
  copyFileSync(STUB, stub);
  for (const argv of [['serve'], ['--help'], []]) {
    const r = await runCli(argv, '', { bin: stub });
    assert.equal(r.code, 1, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /not built yet\. Run `npm run build` in the repository root\./);
  }
});

test('built: the same bin runs the command line', async () => {
  const r = await runCli(['--version'], '', { bin: STUB });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});
