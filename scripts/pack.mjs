// `npm run pack [-- DIR]`: one tarball per public workspace, written into DIR (default
// dist-packages/). Each package's prepack builds what it ships. Install them in any app with
// `npm install DIR/faultline-server-<v>.tgz DIR/faultline-core-<v>.tgz ...`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = resolve(process.argv[2] ?? join(root, 'dist-packages'));
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const published = workspaces.filter(
  (dir) => !JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).private,
);

mkdirSync(out, { recursive: true });
for (const old of readdirSync(out)) if (old.endsWith('.tgz')) rmSync(join(out, old));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = spawnSync(
  npm,
  ['pack', '--json', '--pack-destination', out, ...published.flatMap((dir) => ['--workspace', dir])],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (packed.status !== 0) {
  console.error(`pack: npm pack failed (exit ${packed.status})`);
  process.exit(1);
}
for (const { filename, files } of JSON.parse(packed.stdout))
  console.log(`${join(out, filename)}  (${files.length} files)`);
