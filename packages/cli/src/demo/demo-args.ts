/**
 * `faultline demo`'s options, in one table that parses the flags and the environment and writes
 * `faultline demo --help` (option-table.ts, as `serve` does).
 */

import { DEMO_MAX_DURATION_S } from '../limits.js';
import { option, parseOptions, renderOptions } from '../option-table.js';
import { readInteger, readText } from '../option-values.js';
import { DEFAULT_PORT } from '../serve-options.js';
import { UsageError } from '../usage-error.js';

export interface DemoArgs {
  command: 'demo';
  /** Where the collector's SQLite store goes; undefined: a temporary folder, removed at exit. */
  data: string | undefined;
  port: number;
  /** Stop by itself after this many seconds; undefined: run until Ctrl-C. */
  durationS: number | undefined;
  /** Seeds the shoppers' requests: the same seed sends the same sequence. */
  seed: number;
}

/** The seed without --seed: every run without one sends the same requests. */
export const DEFAULT_DEMO_SEED = 1;

const GROUP = 'Demo';

/**
 * Every option of `faultline demo`, in the help's order.
 * @example parseOptions(DEMO_OPTIONS, ['--seed', '7'], {}, defaultDemoArgs()).settings.seed // 7
 */
export const DEMO_OPTIONS = [
  option<DemoArgs, string>({
    name: 'data',
    value: 'DIR',
    group: GROUP,
    help: "the collector's SQLite folder, kept at exit (a second run there has no new release to regress).",
    shownDefault: 'a temporary folder, removed at exit',
    read: readText,
    apply: (s, v) => {
      s.data = v;
    },
  }),
  option<DemoArgs, number>({
    name: 'port',
    value: 'N',
    group: GROUP,
    help: "the collector's (and dashboard's) port; 0 picks a free one. The services take free ports.",
    shownDefault: String(DEFAULT_PORT),
    read: (raw) => readInteger(raw, 0, 65535),
    apply: (s, v) => {
      s.port = v;
    },
  }),
  option<DemoArgs, number>({
    name: 'duration',
    value: 'S',
    group: GROUP,
    help: 'stop by itself after S seconds.',
    shownDefault: 'run until Ctrl-C',
    read: (raw) => readInteger(raw, 1, DEMO_MAX_DURATION_S),
    apply: (s, v) => {
      s.durationS = v;
    },
  }),
  option<DemoArgs, number>({
    name: 'seed',
    value: 'N',
    group: GROUP,
    help: "seeds the shoppers' requests: the same seed sends the same sequence.",
    shownDefault: String(DEFAULT_DEMO_SEED),
    read: (raw) => readInteger(raw, 0, 2 ** 32 - 1),
    apply: (s, v) => {
      s.seed = v;
    },
  }),
];

/**
 * A fresh arguments object with the defaults.
 * @example defaultDemoArgs().port // 8000
 */
export function defaultDemoArgs(): DemoArgs {
  return {
    command: 'demo',
    data: undefined,
    port: DEFAULT_PORT,
    durationS: undefined,
    seed: DEFAULT_DEMO_SEED,
  };
}

/**
 * Throws a UsageError naming the flag at fault.
 * @example parseDemoArgs(['--port', '0', '--duration', '30'], {}) // { command: 'demo', port: 0, durationS: 30, ... }
 */
export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DemoArgs {
  const { settings, positionals } = parseOptions(DEMO_OPTIONS, argv, env, defaultDemoArgs());
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments (got '${positionals[0]}')`);
  return settings;
}

/**
 * `faultline demo --help`.
 * @example console.log(demoHelp())
 */
export function demoHelp(): string {
  return [
    'usage: faultline demo [options]',
    '',
    'Starts the collector with the dashboard (SQLite) and a three-service shop (storefront →',
    'orders → inventory) through the real middleware and client, under a seeded load that makes',
    'bugs, a dependency cascade from inventory, timeouts, shed requests, two releases of orders',
    'and a regression within about 30 s. Prints the dashboard URL and a login token; Ctrl-C',
    'stops it cleanly.',
    ...renderOptions(DEMO_OPTIONS),
    '',
    '  -h, --help',
    '      this help.',
  ].join('\n');
}
