// The previous commit (or BASE) as a second checkout for run.mjs: its packages extracted with
// `git archive` into a cache folder, built with this checkout's TypeScript. Its node_modules
// links every dependency to this checkout's, except the workspace packages, which point at its
// own, so its server loads its own core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const git = (root, ...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();

/** Packages the cases need, in build order (tsc -b follows their references). */
const NEEDED = ['core', 'server'];

/**
 * @example const { root, commit } = prepareBase('/work/main', 'HEAD~1')
 */
export function prepareBase(here, rev) {
  const commit = git(here, 'rev-parse', '--short', rev);
  const root = join(tmpdir(), `faultline-micro-${commit}`);
  if (existsSync(join(root, '.built'))) return { root, commit };
  mkdirSync(root, { recursive: true });
  const archive = join(root, 'src.tar');
  git(here, 'archive', '-o', archive, commit, 'packages', 'tsconfig.base.json');
  execFileSync('tar', ['-x', '-C', root, '-f', archive]);
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@faultline'), { recursive: true });
  for (const entry of readdirSync(join(here, 'node_modules'))) {
    if (entry === '@faultline') continue;
    symlinkSync(join(here, 'node_modules', entry), join(modules, entry));
  }
  for (const pkg of readdirSync(join(root, 'packages')))
    symlinkSync(join('..', '..', 'packages', pkg), join(modules, '@faultline', pkg));
  const tsc = join(here, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-b', ...NEEDED.map((p) => join(root, 'packages', p))], { stdio: 'inherit' });
  execFileSync('touch', [join(root, '.built')]);
  return { root, commit };
}
