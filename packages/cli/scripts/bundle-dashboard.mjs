// prepack: builds the dashboard and copies its files into ./dashboard, so `faultline serve`
// from an installed package serves it (the dashboard is not published on its own; the
// collector serves whatever folder it is given). postpack (`--remove`) deletes the copy, so a
// checkout always serves its live build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../dashboard', import.meta.url));
rmSync(target, { recursive: true, force: true });
if (process.argv.includes('--remove')) process.exit(0);

const dashboard = fileURLToPath(new URL('../../dashboard', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const built = spawnSync(npm, ['run', 'build'], { cwd: dashboard, stdio: ['ignore', 'ignore', 'inherit'] });
const web = `${dashboard}/dist/web`;
if (built.status !== 0 || !existsSync(`${web}/index.html`)) {
  console.error('bundle-dashboard: the dashboard build failed; see above');
  process.exit(1);
}
// Source maps point at the dashboard's TypeScript, which is not shipped.
cpSync(web, target, { recursive: true, filter: (src) => !src.endsWith('.map') });
