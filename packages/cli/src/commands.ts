/**
 * Every `faultline <command>`, one entry each: `faultline --help` lists them in this order and
 * the dispatcher (args.ts) runs them. A new command is one entry here and one file.
 */

import { type Command, command } from './command.js';
import { type DemoArgs, demoHelp, parseDemoArgs } from './demo/demo-args.js';
import { runDemo } from './demo/demo-command.js';
import { GATE_EXIT, type GateArgs, gateHelp, parseGateArgs } from './gate/gate-args.js';
import { runGate } from './gate/gate-command.js';
import { serveCommand } from './serve-command.js';
import { tokenCommand } from './token-cli.js';
import { userCommand } from './user-cli.js';

const demoCommand = command<DemoArgs>({
  summary: 'start a demo: collector, dashboard and a three-service API under load',
  help: demoHelp,
  parse: parseDemoArgs,
  // The demo keeps the process running until Ctrl-C or --duration, and exits by itself.
  run: async (args) => {
    await runDemo(args);
    return undefined;
  },
});

const gateCommand = command<GateArgs>({
  summary: "a canary's verdict from its 5xx rates: exit 0 pass, 1 fail, 2 inconclusive",
  help: gateHelp,
  parse: parseGateArgs,
  run: (args) => runGate(args),
  usageStatus: GATE_EXIT.usage,
});

/**
 * The commands, in the order `faultline --help` lists them.
 * @example COMMANDS.serve.help()
 */
export const COMMANDS = {
  serve: serveCommand,
  user: userCommand,
  token: tokenCommand,
  demo: demoCommand,
  gate: gateCommand,
} as const satisfies Record<string, Command<any>>;

export type CommandName = keyof typeof COMMANDS;

/** The arguments of any command, as its `parse` returns them. */
export type CommandArgs = ReturnType<(typeof COMMANDS)[CommandName]['parse']>;
