// Runs every compiled test file of every package with node's built-in runner.
// Node 20's `node --test` takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2];

function findTests(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = [];
// Each package's tests, and test/ at the root: the repository as a whole (packing, docs).
const dists = [
  ...readdirSync(join(root, 'packages')).map((pkg) => join(root, 'packages', pkg, 'dist')),
  join(root, 'test', 'dist'),
];
for (const dist of dists) {
  try {
    findTests(dist, files);
  } catch {
    // a package without a build has no tests to run
  }
}
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  console.error('run-tests: no test files found; did the build run?');
  process.exit(1);
}
// A test that hangs fails after this long instead of holding CI until its limit.
const result = spawnSync(process.execPath, ['--test', '--test-timeout=120000', ...selected], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
