/** `faultline --help`: the commands from the table, and the options every command takes. */

import { COMMANDS } from './commands.js';

/**
 * @example console.log(mainHelp())
 */
export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: faultline <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    "  -h, --help     this help; `faultline <command> --help` lists a command's options and the",
    '                 environment variables it reads (FAULTLINE_*).',
    '  -v, --version  the version of this command line.',
  ].join('\n');
}
