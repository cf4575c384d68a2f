/** Runs the real @sentry/node process (sentry-node-throw.mjs) against a DSN. */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The script's source (tsc does not copy .mjs files into dist/). */
export const SENTRY_SCRIPT = new URL('../../../test/support/sentry-node-throw.mjs', import.meta.url);
/** The code of the line that throws in SENTRY_SCRIPT. */
export const PRICE_LINE_CODE = 'cart.lines.reduce(';
export const SENTRY_RELEASE = 'checkout@2.0.1';
/** The SDK starts, sends and flushes in well under this on a loaded machine. */
const SCRIPT_TIMEOUT_MS = 30_000;

const run = promisify(execFile);

/** @returns the id of the event the SDK sent (it has flushed before exiting). */
export async function sendWithSentryNode(dsn: string, requestId: string): Promise<string> {
  const { stdout } = await run(process.execPath, [SENTRY_SCRIPT.pathname], {
    env: { ...process.env, SENTRY_DSN: dsn, REQUEST_ID: requestId },
    timeout: SCRIPT_TIMEOUT_MS,
  });
  const eventId = stdout.trim().split('\n').at(-1) ?? '';
  if (!/^[0-9a-f]{32}$/.test(eventId)) throw new Error(`@sentry/node printed no event id: ${stdout}`);
  return eventId;
}
