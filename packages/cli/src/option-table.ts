/**
 * A command's options are one table: the same entries parse the command line and the
 * environment and write the help, so an option is declared once. An option `--max-event-size`
 * is also read from FAULTLINE_MAX_EVENT_SIZE; a flag wins over its variable, and an empty
 * variable counts as unset. A bad value is a UsageError naming the flag (and the variable).
 */

import { parseArgs } from 'node:util';
import { HELP_LINE_WIDTH } from './limits.js';
import { UsageError } from './usage-error.js';

/** One option of a command, and where its value goes in the settings `S` the command builds. */
export interface OptionSpec<S, T = unknown> {
  /** `--name` on the command line; FAULTLINE_NAME in the environment. */
  name: string;
  /** Set only in the environment: a secret in argv shows in `ps` and in shell history. */
  envOnly?: boolean;
  /** Variables read after FAULTLINE_NAME, e.g. the PORT a platform sets. */
  alsoEnv?: readonly string[];
  /** The value's placeholder in the help (`N`, `SIZE`, `DIR`); absent for a switch. */
  value?: string;
  /** The help's heading this option is listed under. */
  group: string;
  help: string;
  /** The default as the help states it; absent when there is none. */
  shownDefault?: string;
  /** The value from its text; a switch given as a flag reads 'true'. Throws a UsageError. */
  read(raw: string): T;
  apply(settings: S, value: T): void;
}

/**
 * One table entry, its `read` and `apply` checked against each other.
 * @example option<{ port: number }, number>({ name: 'port', value: 'N', group: 'Network', help: '…', read: Number, apply: (s, v) => { s.port = v; } })
 */
export function option<S, T>(spec: OptionSpec<S, T>): OptionSpec<S, unknown> {
  return spec as unknown as OptionSpec<S, unknown>;
}

/**
 * The variables an option is read from, in order.
 * @example envNames({ name: 'max-event-size' }) // ['FAULTLINE_MAX_EVENT_SIZE']
 */
export function envNames(spec: Pick<OptionSpec<unknown>, 'name' | 'alsoEnv'>): string[] {
  return [`FAULTLINE_${spec.name.toUpperCase().replace(/-/g, '_')}`, ...(spec.alsoEnv ?? [])];
}

/**
 * A switch's value in the environment: 1/true/yes or 0/false/no.
 * @example readSwitch('yes') // true
 */
export function readSwitch(raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(text)) return true;
  if (['0', 'false', 'no'].includes(text)) return false;
  throw new UsageError(`expected 1/true/yes or 0/false/no, got '${raw}'`);
}

/**
 * Parses `argv` and `env` through `specs` into `settings` (defaults already in it).
 * @example const { positionals } = parseOptions(SERVE_OPTIONS, ['--port', '0'], process.env, settings);
 */
export function parseOptions<S>(
  specs: readonly OptionSpec<S>[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  settings: S,
): { settings: S; positionals: string[] } {
  const flags = Object.fromEntries(
    specs
      .filter((s) => !s.envOnly)
      .map((s) => [s.name, { type: s.value === undefined ? ('boolean' as const) : ('string' as const) }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const spec of specs) {
    const given = spec.envOnly ? undefined : parsed.values[spec.name];
    let raw: string | undefined;
    let source = `--${spec.name}`;
    if (given !== undefined) raw = String(given);
    else {
      const name = envNames(spec).find((n) => env[n] !== undefined && env[n] !== '');
      if (name === undefined) continue;
      raw = env[name] as string;
      source = spec.envOnly ? name : `${name} (--${spec.name})`;
    }
    let value: unknown;
    try {
      value = spec.value === undefined && given !== undefined ? true : spec.read(raw);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${source}: ${error.message}`);
      throw error;
    }
    spec.apply(settings, value);
  }
  return { settings, positionals: parsed.positionals };
}

/** Lines of at most HELP_LINE_WIDTH characters; a chunk (a word, the default) is never split. */
function wrap(chunks: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of chunks) {
    if (line !== '' && indent.length + line.length + 1 + word.length > HELP_LINE_WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/**
 * The help's option list: under each group, the flag and its variables, then what it does.
 * @example console.log(renderOptions(SERVE_OPTIONS).join('\n'))
 */
export function renderOptions(specs: readonly OptionSpec<unknown>[]): string[] {
  const out: string[] = [];
  let group: string | undefined;
  for (const spec of specs) {
    if (spec.group !== group) {
      group = spec.group;
      out.push('', `${group}:`);
    }
    const variables = envNames(spec).join(', ');
    out.push(
      spec.envOnly
        ? `  ${variables}  (environment only)`
        : `  --${spec.name}${spec.value ? ` ${spec.value}` : ''}  (${variables})`,
    );
    const chunks = spec.help.split(/\s+/);
    if (spec.shownDefault !== undefined) chunks.push(`Default: ${spec.shownDefault}.`);
    out.push(...wrap(chunks, '      '));
  }
  return out;
}
