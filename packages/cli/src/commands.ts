/**
 * Every `faultline <command>`, one entry each: `faultline --help` lists them in this order and
 * the dispatcher (args.ts) runs them. A new command is one entry here and one file.
 */

import { type Command, command } from './command.js';
import { serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';
import { userCommand } from './user-cli.js';

// `faultline demo` is being built in src/demo/; its entry replaces this one.
const demoCommand = command<never>({
  summary: 'start a demo: collector, dashboard and a three-service API under load',
  help: () => 'usage: faultline demo\n\nNot in this build yet.',
  parse() {
    throw new UsageError('demo is not in this build yet');
  },
  run: async () => 1,
});

/**
 * The commands, in the order `faultline --help` lists them.
 * @example COMMANDS.serve.help()
 */
export const COMMANDS = {
  serve: serveCommand,
  user: userCommand,
  demo: demoCommand,
} as const satisfies Record<string, Command<any>>;

export type CommandName = keyof typeof COMMANDS;

/** The arguments of any command, as its `parse` returns them. */
export type CommandArgs = ReturnType<(typeof COMMANDS)[CommandName]['parse']>;
