// prepack: builds the dashboard straight into ./dashboard, so `faultline serve` from an
// installed package serves it (the dashboard is not published on its own; the collector serves
// whatever folder it is given). Building into our own folder leaves the dashboard's dist/web
// alone while its tests may be reading it. postpack (`--remove`) deletes the copy, so a checkout
// always serves its live build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../dashboard', import.meta.url));
rmSync(target, { recursive: true, force: true });
if (process.argv.includes('--remove')) process.exit(0);

const dashboard = fileURLToPath(new URL('../../dashboard', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const built = spawnSync(npm, ['run', 'build', '--', '--outDir', target, '--logLevel', 'warn'], {
  cwd: dashboard,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (built.status !== 0 || !existsSync(join(target, 'index.html'))) {
  console.error('bundle-dashboard: the dashboard build failed; see above');
  process.exit(1);
}
// Source maps point at the dashboard's TypeScript, which is not shipped.
for (const entry of readdirSync(target, { recursive: true, encoding: 'utf8' }))
  if (entry.endsWith('.map')) rmSync(join(target, entry));
