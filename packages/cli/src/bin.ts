#!/usr/bin/env node
import { parseCommandLine, type ServeArgs, USAGE, type UserArgs } from './args.js';
import { runDemo } from './demo/demo-command.js';
import { PromptCancelled } from './password-input.js';
import { serve } from './serve.js';
import { userAdd } from './user-add.js';
import { UserCommandError, type UserIo } from './user-command.js';
import { userList } from './user-list.js';
import { userPasswd } from './user-passwd.js';
import { userRemove } from './user-remove.js';

const args = parseCommandLine(process.argv.slice(2));
if (args.command === 'help') {
  if (args.message) console.error(`faultline: ${args.message}`);
  console.error(USAGE);
  process.exit(args.message ? 2 : 0);
}

/** Exit 0 done, 1 refused or failed, 130 cancelled at the password prompt. */
async function runUser(userArgs: UserArgs): Promise<never> {
  const io: UserIo = { input: process.stdin, prompt: process.stderr, print: console.log };
  try {
    if (userArgs.command === 'user-add') await userAdd(userArgs, io);
    else if (userArgs.command === 'user-passwd') await userPasswd(userArgs, io);
    else if (userArgs.command === 'user-remove') await userRemove(userArgs, io);
    else await userList(userArgs, io);
    process.exit(0);
  } catch (error) {
    if (error instanceof PromptCancelled) process.exit(130);
    if (error instanceof UserCommandError) console.error(`faultline: ${error.message}`);
    else console.error(`faultline: ${userArgs.command.replace('-', ' ')} failed:`, error);
    process.exit(1);
  }
}

async function runServe(serveArgs: ServeArgs) {
  try {
    const collector = await serve(serveArgs);
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
  } catch (error) {
    console.error('faultline: could not start:', error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

if (args.command === 'serve') await runServe(args);
else if (args.command === 'demo') await runDemo(args);
else await runUser(args);
