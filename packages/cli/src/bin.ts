#!/usr/bin/env node
import { parseCommandLine, type ServeArgs, USAGE } from './args.js';
import { PromptCancelled } from './password-input.js';
import { serve } from './serve.js';
import { UserAddError, userAdd } from './user-add.js';

const args = parseCommandLine(process.argv.slice(2));
if (args.command === 'help') {
  if (args.message) console.error(`faultline: ${args.message}`);
  console.error(USAGE);
  process.exit(args.message ? 2 : 0);
}

if (args.command === 'user-add') {
  try {
    await userAdd(args, { input: process.stdin, prompt: process.stderr, print: console.log });
    process.exit(0);
  } catch (error) {
    if (error instanceof PromptCancelled) process.exit(130);
    if (error instanceof UserAddError) console.error(`faultline: ${error.message}`);
    else console.error('faultline: could not add the user:', error);
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
