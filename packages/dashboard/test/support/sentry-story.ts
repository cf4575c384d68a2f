/** Runs the real SDK processes of browser-event-story.test.ts against a DSN. */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The scripts' sources (tsc copies neither .mjs nor .py files into dist/). */
export const NODE_STORY_SCRIPT = new URL('../../../test/support/sentry-node-story.mjs', import.meta.url);
export const PYTHON_LOCALS_SCRIPT = new URL('../../../test/support/sentry-python-locals.py', import.meta.url);
/** Debian's python3-sentry-sdk installs for Debian's interpreter (`python3` on the PATH may be pyenv's). */
export const PYTHON = '/usr/bin/python3';
/** An SDK starts, sends and flushes in well under this on a loaded machine. */
const SCRIPT_TIMEOUT_MS = 30_000;

const run = promisify(execFile);

function eventIdOf(stdout: string, sdk: string): string {
  const eventId = (stdout.trim().split('\n').at(-1) ?? '').replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/.test(eventId)) throw new Error(`${sdk} printed no event id: ${stdout}`);
  return eventId;
}

/** @returns the id of the event @sentry/node sent (flushed before it exited). */
export async function sendNodeStory(dsn: string): Promise<string> {
  const { stdout } = await run(process.execPath, [NODE_STORY_SCRIPT.pathname], {
    env: { ...process.env, SENTRY_DSN: dsn },
    timeout: SCRIPT_TIMEOUT_MS,
  });
  return eventIdOf(stdout, '@sentry/node');
}

/**
 * @returns the id of the event sentry-python sent. Fails (never skips) without the SDK: CI
 * installs python3-sentry-sdk with apt.
 */
export async function sendPythonLocals(dsn: string): Promise<string> {
  try {
    await run(PYTHON, ['-c', 'import sentry_sdk']);
  } catch {
    throw new Error(`sentry_sdk is not importable by ${PYTHON}: apt-get install -y python3-sentry-sdk`);
  }
  const { stdout } = await run(PYTHON, [PYTHON_LOCALS_SCRIPT.pathname, dsn], { timeout: SCRIPT_TIMEOUT_MS });
  return eventIdOf(stdout, 'sentry-python');
}
