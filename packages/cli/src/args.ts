/** Command-line parsing for `faultline`, on node:util's parseArgs (no dependency needed). */

import { parseArgs } from 'node:util';

export interface ServeArgs {
  command: 'serve';
  data: string;
  host: string;
  port: number;
  db: string | undefined;
}

export type Args = ServeArgs | { command: 'help'; message?: string };

export const DEFAULT_PORT = 8000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.faultline';

export const USAGE = `usage: faultline serve [--data DIR] [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--db postgres://...]

  serve   run the collector: Sentry-compatible ingestion, the read API and the dashboard.
          SQLite in DIR (default ./${DEFAULT_DATA_DIR}) unless --db names a PostgreSQL database.`;

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Args {
  const [command, ...rest] = argv;
  if (command !== 'serve')
    return {
      command: 'help',
      ...(command && command !== 'help' && command !== '--help'
        ? { message: `unknown command: ${command}` }
        : {}),
    };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        data: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return { command: 'help', message: (error as Error).message };
  }
  const port = Number(values.port ?? env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { command: 'help', message: `--port must be 0-65535` };
  return {
    command: 'serve',
    data: String(values.data ?? env.FAULTLINE_DATA ?? DEFAULT_DATA_DIR),
    host: String(values.host ?? env.FAULTLINE_HOST ?? DEFAULT_HOST),
    port,
    db: (values.db as string | undefined) ?? env.FAULTLINE_DB ?? undefined,
  };
}
