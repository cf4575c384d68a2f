/** `faultline --version`: this package's version, read from its package.json (two levels up from
 * dist/src/, in the repository and in the installed package alike), so it cannot drift. */

import { readFileSync } from 'node:fs';

/**
 * @example cliVersion() // '0.1.0'
 */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
