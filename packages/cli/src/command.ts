/** What one `faultline <command>` is: the table in commands.ts holds one of these per command. */

export interface Command<A> {
  /** Its line in `faultline --help`. */
  summary: string;
  /** `faultline <command> --help`: every flag and environment variable it reads. */
  help(): string;
  /** The arguments after the command's name; throws a UsageError for a bad one. */
  parse(argv: readonly string[], env: NodeJS.ProcessEnv): A;
  /** The exit status, or undefined when the command keeps the process running (serve). */
  run(args: A): Promise<number | undefined>;
  /** The exit status of a usage error, when 2 means something else to this command (gate: inconclusive). */
  usageStatus?: number;
}

/**
 * A table entry, typed by its arguments.
 * @example export const serveCommand = command<ServeArgs>({ summary, help, parse, run });
 */
export function command<A>(spec: Command<A>): Command<A> {
  return spec;
}
