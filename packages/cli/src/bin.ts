#!/usr/bin/env node
/**
 * `faultline`: reads the command line and runs what it asks. Exit status: a command's own, 0 for
 * help and version, 2 for a usage error (its message names the flag or variable at fault).
 */

import { readCommandLine } from './args.js';
import { COMMANDS } from './commands.js';
import { mainHelp } from './help.js';
import { cliVersion } from './version.js';

const line = readCommandLine(process.argv.slice(2));
if (line.kind === 'help') {
  const help = line.topic === undefined ? mainHelp() : COMMANDS[line.topic].help();
  if (line.message === undefined) {
    console.log(help);
    process.exit(0);
  }
  // The synopsis (the help's first paragraph) and where the rest is; the message stays in sight.
  console.error(`faultline: ${line.message}`);
  console.error(help.split('\n\n')[0]);
  console.error(
    `Run \`faultline ${line.topic === undefined ? '' : `${line.topic} `}--help\` for every option.`,
  );
  process.exit(line.status ?? 2);
}
if (line.kind === 'version') {
  console.log(cliVersion());
  process.exit(0);
}
const status = await line.run();
if (status !== undefined) process.exit(status);
