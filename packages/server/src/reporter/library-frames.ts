/**
 * Faultline's own frames are library frames, never in-app, wherever the packages were
 * installed. A path rule ("under node_modules/") misses a `file:` install, an `npm link`, a
 * workspace or a vendored copy: their real paths sit beside (or under) the application root,
 * so the middleware's frames looked like the user's code and became the culprit.
 * So the packages are found by name, through the module resolver from this file, and a frame
 * in the code folder of one of them is named as npm would install it
 * (`@faultline/server/dist/src/adapters/express.js`), whatever folder holds it.
 */

import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describePackageFile, type ExceptionValue } from '@faultline/core';

/** The Faultline packages whose code runs inside an application's requests. */
const LIBRARY_PACKAGES = ['@faultline/server', '@faultline/core', '@faultline/client'] as const;

interface LibraryCode {
  name: string;
  /** The package's folder, for the `<name>/<path in it>` filename. */
  packageRoot: string;
  /** A folder of its code: its entry point's (not its tests: server keeps those in dist/test),
   * or its TypeScript sources. */
  codeDir: string;
}

/** Slashes one way and the trailing one, as core's frames (`abs_path`) print them. */
function posixDir(path: string): string {
  return `${path.replace(/\\/g, '/').replace(/\/$/, '')}/`;
}

function pathOf(specifier: string): string {
  return fileURLToPath(import.meta.resolve(specifier));
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function locate(name: string): LibraryCode[] {
  let packageRoot: string;
  let codeDir: string;
  try {
    packageRoot = dirname(pathOf(`${name}/package.json`));
    codeDir = dirname(pathOf(name));
  } catch {
    return []; // not installed beside this package (client is optional)
  }
  // Node loads modules by their real path (so stacks print it) unless --preserve-symlinks
  // keeps the linked one: both are looked for. A checkout also has the TypeScript sources,
  // which --enable-source-maps prints instead of the built files.
  const out: LibraryCode[] = [];
  for (const root of new Set([packageRoot, realOrSame(packageRoot)])) {
    const built = root === packageRoot ? codeDir : realOrSame(codeDir);
    for (const dir of [built, join(root, 'src')])
      out.push({ name, packageRoot: posixDir(root), codeDir: posixDir(dir) });
  }
  return out;
}

let located: LibraryCode[] | undefined;

function libraryCode(): LibraryCode[] {
  located ??= LIBRARY_PACKAGES.flatMap(locate);
  return located;
}

/**
 * Marks the frames that run Faultline's own code as library frames (`in_app: false`, npm-style
 * filename and module), in place. Call it before source context is added, which reads in-app
 * frames only.
 *
 * @example
 * const values = toExceptionValues(error, { root });
 * markLibraryFrames(values);
 */
export function markLibraryFrames(values: readonly ExceptionValue[]): void {
  const code = libraryCode();
  for (const value of values) {
    for (const frame of value.stacktrace?.frames ?? []) {
      if (typeof frame.abs_path !== 'string') continue;
      const path = frame.abs_path.replace(/\\/g, '/');
      const owner = code.find((c) => path.startsWith(c.codeDir));
      if (owner === undefined) continue;
      const named = describePackageFile(
        frame.abs_path,
        `${owner.name}/${path.slice(owner.packageRoot.length)}`,
      );
      frame.filename = named.filename;
      frame.module = named.module;
      frame.in_app = false;
    }
  }
}
