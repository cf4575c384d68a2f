/** The head of the help of a command made of subcommands (`faultline user`, `faultline token`). */

/** A subcommand's usage line (after `faultline <command> `) and what it does. */
export interface SubcommandHelp {
  usage: string;
  help: string;
}

/**
 * One usage line per subcommand, then one line each saying what it does.
 * @example subcommandLines('token', { list: { usage: 'list', help: 'print every token.' } }, '[store options]')
 * // ['usage: faultline token list  [store options]', '', '  list    print every token.']
 */
export function subcommandLines(
  command: string,
  subcommands: Readonly<Record<string, SubcommandHelp>>,
  trailer: string,
): string[] {
  const entries = Object.entries(subcommands);
  const width = Math.max(...entries.map(([, s]) => s.usage.length));
  return [
    ...entries.map(
      ([, s], i) =>
        `${i === 0 ? 'usage: ' : '       '}faultline ${command} ${s.usage.padEnd(width)}  ${trailer}`,
    ),
    '',
    ...entries.map(([name, s]) => `  ${name.padEnd(7)} ${s.help}`),
  ];
}
