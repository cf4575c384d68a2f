/** Runs the real sentry-cli binary (npm @sentry/cli) for the sentry-cli tests, and waits for what
 * it caused to be stored. */

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

/**
 * Polls `read` until it returns a value (events are stored after the SDK's flush).
 * @example const event = await waitFor(async () => (await store.listEvents(q)).items[0]);
 */
export async function waitFor<T>(read: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
