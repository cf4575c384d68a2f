/** Runs the real sentry-cli binary (npm @sentry/cli) for the sentry-cli tests. */

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

const SENTRY_CLI = createRequire(import.meta.url).resolve('@sentry/cli/bin/sentry-cli');

export interface CliRun {
  code: number;
  /** stdout and stderr together. */
  out: string;
}

/**
 * Runs sentry-cli in `cwd`, with `cwd` as its home too (no ~/.sentryclirc leaks in).
 * @example const { code, out } = await sentryCli(['info'], { SENTRY_URL: url, SENTRY_AUTH_TOKEN: token }, dir)
 */
export function sentryCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SENTRY_CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}
