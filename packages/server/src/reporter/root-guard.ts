/**
 * Files the reporter may read: only those under the application root once symlinks are
 * resolved. A frame's path comes from a stack string, which a hostile error can forge
 * (`at x (/etc/shadow:1:1)`), and whatever the reporter reads can end up in an event
 * (source lines, a map's `sourcesContent`).
 */

import { realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** True when `path` is `dir` or below it (compared on whole segments: /app2 is not in /app). */
function isInside(path: string, dir: string): boolean {
  const base = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  return path.startsWith(base);
}

export class RootGuard {
  readonly root: string;
  #real: Promise<string | null> | undefined;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /**
   * The real path of `path` when it lies under the root, else null; throws what realpath
   * throws for a missing file.
   * @example const real = await new RootGuard(process.cwd()).allowed('/srv/app/dist/app.js')
   */
  async allowed(path: string): Promise<string | null> {
    this.#real ??= realpath(this.root).catch(() => null);
    const root = await this.#real;
    if (root === null) return null;
    // Refuse before touching the disk; the real path (symlinks resolved) is checked below.
    if (!isInside(path, this.root) && !isInside(path, root)) return null;
    const real = await realpath(path);
    return isInside(real, root) ? real : null;
  }
}
