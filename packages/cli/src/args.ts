/**
 * The command line, read once: `faultline [--help | --version]`, `faultline help [command]`, or
 * `faultline <command> [args]` through the command's entry in commands.ts. No command runs
 * here; the result says what to run (bin.ts does).
 */

import { COMMANDS, type CommandArgs, type CommandName } from './commands.js';
import { UsageError } from './usage-error.js';

export type { ServeArgs } from './serve-command.js';
export type { TokenArgs, TokenCreateArgs, TokenListArgs, TokenRevokeArgs } from './token-cli.js';
export type { UserAddArgs, UserArgs, UserListArgs, UserPasswdArgs, UserRemoveArgs } from './user-cli.js';

/** What the command line asks for. */
export type Invocation =
  /** A help text (exit 0), or a usage error (`message`; exit 2) with the help it points to. */
  | { kind: 'help'; topic: CommandName | undefined; message?: string; status?: number }
  | { kind: 'version' }
  | { kind: 'run'; args: CommandArgs; run(): Promise<number | undefined> };

const HELP_FLAGS = new Set(['--help', '-h']);

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/**
 * @example readCommandLine(['serve', '--port', '0'], process.env) // { kind: 'run', args: { command: 'serve', … }, run }
 */
export function readCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Invocation {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_FLAGS.has(name)) return { kind: 'help', topic: undefined };
  if (name === '--version' || name === '-v') return { kind: 'version' };
  if (name === 'help') {
    const [topic] = rest;
    if (topic === undefined) return { kind: 'help', topic: undefined };
    return isCommand(topic)
      ? { kind: 'help', topic }
      : { kind: 'help', topic: undefined, message: `unknown command: ${topic}` };
  }
  if (!isCommand(name)) return { kind: 'help', topic: undefined, message: `unknown command: ${name}` };
  const entry = COMMANDS[name];
  const options = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length);
  if (options.some((a) => HELP_FLAGS.has(a))) return { kind: 'help', topic: name };
  try {
    const args = entry.parse(rest, env);
    return {
      kind: 'run',
      args,
      run: () => (entry.run as (a: CommandArgs) => Promise<number | undefined>)(args),
    };
  } catch (error) {
    if (error instanceof UsageError)
      return {
        kind: 'help',
        topic: name,
        message: error.message,
        ...(entry.usageStatus === undefined ? {} : { status: entry.usageStatus }),
      };
    throw error;
  }
}

/** A command's arguments, or what the line asks instead (kept for scripts and tests). */
export type Args = CommandArgs | { command: 'help'; message?: string } | { command: 'version' };

/**
 * @example parseCommandLine(['user', 'list'], {}) // { command: 'user-list', data: '.faultline', db: undefined }
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Args {
  const line = readCommandLine(argv, env);
  if (line.kind === 'run') return line.args;
  if (line.kind === 'version') return { command: 'version' };
  return line.message === undefined ? { command: 'help' } : { command: 'help', message: line.message };
}
