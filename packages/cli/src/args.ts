/** Command-line parsing for `faultline`, on node:util's parseArgs (no dependency needed). */

import { parseArgs } from 'node:util';

export interface ServeArgs {
  command: 'serve';
  data: string;
  host: string;
  port: number;
  db: string | undefined;
}

/** `faultline user add <email>`: a dashboard user in the same store `serve` uses. */
export interface UserAddArgs {
  command: 'user-add';
  email: string;
  /** Read the password from stdin (scripts, tests) instead of prompting on the terminal. */
  passwordStdin: boolean;
  data: string;
  db: string | undefined;
}

export type Args = ServeArgs | UserAddArgs | { command: 'help'; message?: string };

export const DEFAULT_PORT = 8000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.faultline';

export const USAGE = `usage: faultline serve [--data DIR] [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--db postgres://...]
       faultline user add <email> [--password-stdin] [--data DIR] [--db postgres://...]

  serve      run the collector: Sentry-compatible ingestion, the read API and the dashboard.
             SQLite in DIR (default ./${DEFAULT_DATA_DIR}) unless --db names a PostgreSQL database.
  user add   create a dashboard user; the password is asked on the terminal (not echoed), or
             read from stdin with --password-stdin.`;

function parseUser(argv: readonly string[], env: NodeJS.ProcessEnv): Args {
  const [sub, ...rest] = argv;
  if (sub !== 'add') return { command: 'help', message: `unknown user command: ${sub ?? '(none)'}` };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { 'password-stdin': { type: 'boolean' }, data: { type: 'string' }, db: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { command: 'help', message: (error as Error).message };
  }
  const [email, ...extra] = parsed.positionals;
  if (email === undefined || extra.length > 0)
    return { command: 'help', message: 'user add takes exactly one email' };
  const { values } = parsed;
  return {
    command: 'user-add',
    email,
    passwordStdin: values['password-stdin'] === true,
    data: String(values.data ?? env.FAULTLINE_DATA ?? DEFAULT_DATA_DIR),
    db: (values.db as string | undefined) ?? env.FAULTLINE_DB ?? undefined,
  };
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Args {
  const [command, ...rest] = argv;
  if (command === 'user') return parseUser(rest, env);
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
