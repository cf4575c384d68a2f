/**
 * `faultline user add|passwd|remove|list`: their arguments (the store options serve takes, and
 * --password-stdin for the two that read a password), their help, and their exit statuses.
 */

import { command } from './command.js';
import { option, parseOptions, readSwitch, renderOptions } from './option-table.js';
import { PromptCancelled } from './password-input.js';
import { failed } from './store-command.js';
import { defaultStoreSettings, STORE_OPTIONS, type StoreSettings } from './store-options.js';
import { subcommandLines } from './subcommand-help.js';
import { UsageError } from './usage-error.js';
import { userAdd } from './user-add.js';
import type { UserIo } from './user-command.js';
import { userList } from './user-list.js';
import { userPasswd } from './user-passwd.js';
import { userRemove } from './user-remove.js';

/** `faultline user add <email>`: a dashboard user in the same store `serve` uses. */
export interface UserAddArgs extends StoreSettings {
  command: 'user-add';
  email: string;
  /** Read the password from stdin (scripts, tests) instead of prompting on the terminal. */
  passwordStdin: boolean;
}

/** `faultline user list`: every dashboard user, with when it was added. */
export interface UserListArgs extends StoreSettings {
  command: 'user-list';
}

/** `faultline user remove <email>`: deletes a user; its open sessions end. */
export interface UserRemoveArgs extends StoreSettings {
  command: 'user-remove';
  email: string;
}

/** `faultline user passwd <email>`: a new password, read as `user add` reads it. */
export interface UserPasswdArgs extends StoreSettings {
  command: 'user-passwd';
  email: string;
  passwordStdin: boolean;
}

export type UserArgs = UserAddArgs | UserListArgs | UserRemoveArgs | UserPasswdArgs;

type PasswordSettings = StoreSettings & { passwordStdin: boolean };

const PASSWORD_STDIN = option<PasswordSettings, boolean>({
  name: 'password-stdin',
  group: 'Password (add, passwd)',
  help: 'read the password from stdin (all of it, one trailing newline dropped) instead of asking on the terminal without echo. It is never taken from an argument, which would show in `ps` and shell history.',
  read: readSwitch,
  apply: (s, v) => {
    s.passwordStdin = v;
  },
});

/** Each subcommand: whether it reads a password, and what it is for (the help). */
const SUBCOMMANDS = {
  add: { password: true, usage: 'add <email> [--password-stdin]', help: 'create a dashboard user.' },
  passwd: {
    password: true,
    usage: 'passwd <email> [--password-stdin]',
    help: "set a user's password; their open dashboard sessions end at once.",
  },
  remove: {
    password: false,
    usage: 'remove <email>',
    help: 'delete a user; their open dashboard sessions end at once.',
  },
  list: { password: false, usage: 'list', help: 'print every user: email, and when it was added (UTC).' },
} as const;

type Subcommand = keyof typeof SUBCOMMANDS;

/**
 * `faultline user --help`.
 * @example console.log(userHelp())
 */
export function userHelp(): string {
  return [
    ...subcommandLines('user', SUBCOMMANDS, '[store options]'),
    '',
    'The users live in the store `faultline serve` uses: give the same store options (or',
    'variables). Each option can also be set in the environment variable shown beside it.',
    ...renderOptions([...STORE_OPTIONS, PASSWORD_STDIN]),
    '',
    '  -h, --help',
    '      this help.',
    '',
    'Exit status: 0 done, 1 refused (email taken, no such user, password too short, the two',
    'entries differ, no store in --data), 2 usage, 130 cancelled at the password prompt.',
  ].join('\n');
}

function parseUser(argv: readonly string[], env: NodeJS.ProcessEnv): UserArgs {
  const [sub, ...rest] = argv;
  if (sub === undefined || !Object.hasOwn(SUBCOMMANDS, sub))
    throw new UsageError(`unknown user command: ${sub ?? '(none)'}`);
  const name = sub as Subcommand;
  const specs = SUBCOMMANDS[name].password ? [...STORE_OPTIONS, PASSWORD_STDIN] : STORE_OPTIONS;
  const { settings, positionals } = parseOptions<PasswordSettings>(specs, rest, env, {
    ...defaultStoreSettings(),
    passwordStdin: false,
  });
  const store = { data: settings.data, db: settings.db };
  if (name === 'list') {
    if (positionals.length > 0) throw new UsageError('user list takes no arguments');
    return { command: 'user-list', ...store };
  }
  const [email] = positionals;
  if (email === undefined || positionals.length > 1)
    throw new UsageError(`user ${name} takes exactly one email`);
  if (name === 'add') return { command: 'user-add', email, passwordStdin: settings.passwordStdin, ...store };
  if (name === 'passwd')
    return { command: 'user-passwd', email, passwordStdin: settings.passwordStdin, ...store };
  return { command: 'user-remove', email, ...store };
}

/** Exit 0 done, 1 refused or failed, 130 cancelled at the password prompt. */
async function runUser(args: UserArgs): Promise<number> {
  const io: UserIo = { input: process.stdin, prompt: process.stderr, print: console.log };
  try {
    if (args.command === 'user-add') await userAdd(args, io);
    else if (args.command === 'user-passwd') await userPasswd(args, io);
    else if (args.command === 'user-remove') await userRemove(args, io);
    else await userList(args, io);
    return 0;
  } catch (error) {
    if (error instanceof PromptCancelled) return 130;
    return failed(args.command, error);
  }
}

/**
 * The `user` entry of the command table.
 * @example const status = await userCommand.run(userCommand.parse(['list', '--data', '.faultline'], process.env));
 */
export const userCommand = command<UserArgs>({
  summary: 'dashboard users: add, list, remove, passwd',
  help: userHelp,
  parse: parseUser,
  run: runUser,
});
