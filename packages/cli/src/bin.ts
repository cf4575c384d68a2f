#!/usr/bin/env node
import { parseCommandLine, USAGE } from './args.js';
import { serve } from './serve.js';

const args = parseCommandLine(process.argv.slice(2));
if (args.command === 'help') {
  if (args.message) console.error(`faultline: ${args.message}`);
  console.error(USAGE);
  process.exit(args.message ? 2 : 0);
}

try {
  const collector = await serve(args);
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
