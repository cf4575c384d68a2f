/** Command-line parsing for `faultline`, on node:util's parseArgs (no dependency needed). */

import { parseArgs } from 'node:util';
import { type DemoArgs, parseDemoArgs } from './demo/demo-args.js';

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

/** `faultline user list`: every dashboard user, with when it was added. */
export interface UserListArgs {
  command: 'user-list';
  data: string;
  db: string | undefined;
}

/** `faultline user remove <email>`: deletes a user; its open sessions end. */
export interface UserRemoveArgs {
  command: 'user-remove';
  email: string;
  data: string;
  db: string | undefined;
}

/** `faultline user passwd <email>`: a new password, read as `user add` reads it. */
export interface UserPasswdArgs {
  command: 'user-passwd';
  email: string;
  passwordStdin: boolean;
  data: string;
  db: string | undefined;
}

export type UserArgs = UserAddArgs | UserListArgs | UserRemoveArgs | UserPasswdArgs;

export type Args = ServeArgs | UserArgs | DemoArgs | { command: 'help'; message?: string };

export const DEFAULT_PORT = 8000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.faultline';

export const USAGE = `usage: faultline serve [--data DIR] [--host ${DEFAULT_HOST}] [--port ${DEFAULT_PORT}] [--db postgres://...]
       faultline user add <email> [--password-stdin] [--data DIR] [--db postgres://...]
       faultline user passwd <email> [--password-stdin] [--data DIR] [--db postgres://...]
       faultline user remove <email> [--data DIR] [--db postgres://...]
       faultline user list [--data DIR] [--db postgres://...]

  serve        run the collector: Sentry-compatible ingestion, the read API and the dashboard.
               SQLite in DIR (default ./${DEFAULT_DATA_DIR}) unless --db names a PostgreSQL database.
  user add     create a dashboard user; the password is asked on the terminal (not echoed), or
               read from stdin with --password-stdin.
  user passwd  set a user's password (asked or read as for add); sessions logged in with the old
               one end within seconds.
  user remove  delete a user; their open dashboard sessions end within seconds.
  user list    print every user: email and when it was added.`;

/** The `user` subcommands, and whether each reads a password (--password-stdin). */
const USER_COMMANDS: Readonly<Record<string, { passwordStdin: boolean }>> = {
  add: { passwordStdin: true },
  passwd: { passwordStdin: true },
  remove: { passwordStdin: false },
  list: { passwordStdin: false },
};

function parseUser(argv: readonly string[], env: NodeJS.ProcessEnv): Args {
  const [sub, ...rest] = argv;
  const spec = sub !== undefined && Object.hasOwn(USER_COMMANDS, sub) ? USER_COMMANDS[sub] : undefined;
  if (sub === undefined || spec === undefined)
    return { command: 'help', message: `unknown user command: ${sub ?? '(none)'}` };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        ...(spec.passwordStdin ? { 'password-stdin': { type: 'boolean' as const } } : {}),
        data: { type: 'string' },
        db: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { command: 'help', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const store = {
    data: String(values.data ?? env.FAULTLINE_DATA ?? DEFAULT_DATA_DIR),
    db: (values.db as string | undefined) ?? env.FAULTLINE_DB ?? undefined,
  };
  if (sub === 'list')
    return positionals.length === 0
      ? { command: 'user-list', ...store }
      : { command: 'help', message: `user ${sub} takes no arguments` };
  const [email] = positionals;
  if (email === undefined || positionals.length > 1)
    return { command: 'help', message: `user ${sub} takes exactly one email` };
  const passwordStdin = values['password-stdin'] === true;
  if (sub === 'add') return { command: 'user-add', email, passwordStdin, ...store };
  if (sub === 'passwd') return { command: 'user-passwd', email, passwordStdin, ...store };
  return { command: 'user-remove', email, ...store };
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Args {
  const [command, ...rest] = argv;
  if (command === 'user') return parseUser(rest, env);
  if (command === 'demo') return parseDemoArgs(rest, DEFAULT_PORT);
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
