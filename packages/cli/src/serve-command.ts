/**
 * `faultline serve`: its arguments from the option table, its help, and the process around the
 * collector (SIGTERM/SIGINT: stop accepting, commit what is pending, close the store, exit 0).
 */

import { command } from './command.js';
import { parseOptions, renderOptions } from './option-table.js';
import { serve } from './serve.js';
import { defaultServeSettings, SERVE_OPTIONS, type ServeSettings } from './serve-options.js';
import { UsageError } from './usage-error.js';

export type ServeArgs = { command: 'serve' } & ServeSettings;

/**
 * `faultline serve --help`.
 * @example console.log(serveHelp())
 */
export function serveHelp(): string {
  return [
    'usage: faultline serve [options]',
    '',
    'Runs the collector: Sentry-compatible ingestion (/api/<project>/envelope/ and /store/), the',
    'read API under /api/v1/, the dashboard at / and /health. The first start creates project 1',
    'and prints its DSN and an admin token. SIGTERM or SIGINT: stop accepting, commit what is',
    'pending, close the store, exit 0.',
    '',
    'Every option can also be set in the environment variable shown beside it; a flag wins',
    'over its variable.',
    ...renderOptions(SERVE_OPTIONS),
    '',
    '  -h, --help',
    '      this help.',
  ].join('\n');
}

async function runServe(args: ServeArgs): Promise<number | undefined> {
  let collector: Awaited<ReturnType<typeof serve>>;
  try {
    collector = await serve(args);
  } catch (error) {
    console.error('faultline: could not start:', error instanceof Error ? error.message : error);
    return 1;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (committing pending events)`);
    collector.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('faultline: shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return undefined;
}

/**
 * The `serve` entry of the command table.
 * @example const args = serveCommand.parse(['--port', '0'], process.env); await serveCommand.run(args);
 */
export const serveCommand = command<ServeArgs>({
  summary: 'run the collector: Sentry-compatible ingestion, the read API and the dashboard',
  help: serveHelp,
  parse(argv, env) {
    const { settings, positionals } = parseOptions(SERVE_OPTIONS, argv, env, defaultServeSettings());
    if (positionals.length > 0) throw new UsageError(`serve takes no arguments (got '${positionals[0]}')`);
    return { command: 'serve', ...settings };
  },
  run: runServe,
});
