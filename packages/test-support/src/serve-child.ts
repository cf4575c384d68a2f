/**
 * `faultline serve` in a child process of its own, for the tests that kill it or read what it
 * prints: the CLI's (its flags end to end) and the collector's (durability across SIGKILL).
 */

import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitForOutput } from './child-output.js';

/** The checked-in `faultline` command (packages/cli/bin): it runs the built entry point, or
 * says plainly that the build is missing. */
export const CLI_BIN = fileURLToPath(new URL('../../cli/bin/faultline.js', import.meta.url));

export interface ServeChild {
  /** stdout is read here; stderr is the test's. The caller stops it. */
  child: ChildProcessByStdio<null, Readable, null>;
  /** The ingest URL of the DSN it printed (project 1's). */
  envelopeUrl: string;
  /** Its base URL (the read API is under /api/v1). */
  url: string;
}

/**
 * Starts `faultline serve <args>` (`bin`: CLI_BIN, or another entry of the CLI) with `env` and
 * resolves once it has printed its DSN; kills it if it fails to.
 * @example const serve = await startServeChild(['--data', dir, '--port', '0']); t.after(() => serve.child.kill('SIGKILL'));
 */
export async function startServeChild(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; bin?: string } = {},
): Promise<ServeChild> {
  const child = spawn(process.execPath, [options.bin ?? CLI_BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: options.env ?? process.env,
  });
  try {
    const [, printed] = await waitForOutput(child, /DSN: (\S+)\n/);
    const dsn = new URL(printed ?? '');
    return {
      child,
      url: `http://${dsn.host}`,
      envelopeUrl: `http://${dsn.host}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`,
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/**
 * The base URL (http://host:port) of a collector started here, for its read API and dashboard.
 * @example const res = await fetch(`${serveUrl(collector)}/api/v1/session`, { method: 'POST', … });
 */
export function serveUrl(child: ServeChild): string {
  return new URL(child.envelopeUrl).origin;
}
