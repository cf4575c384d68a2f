/**
 * The stack-parsing fixture apps, laid out for a test run. A library must sit under a real
 * `node_modules/` folder for its frames to be library frames, but the repository does not
 * track node_modules; so the apps are kept with their library under `vendor/` and copied to
 * a temporary folder where `vendor/` becomes `node_modules/`. Compiled tests and tsx both
 * resolve `../src/fixtures` from their own folder.
 */

import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SOURCE = new URL('../src/fixtures/', import.meta.url);
let prepared: URL | undefined;

/** The folder holding `app-a/` and `app-b/`, each with `routes/` and `node_modules/fake-lib/`. */
export function fixtureApps(): URL {
  if (prepared) return prepared;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-stack-apps-'));
  cpSync(fileURLToPath(SOURCE), dir, { recursive: true });
  for (const app of ['app-a', 'app-b']) renameSync(join(dir, app, 'vendor'), join(dir, app, 'node_modules'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  prepared = pathToFileURL(`${dir}/`);
  return prepared;
}
