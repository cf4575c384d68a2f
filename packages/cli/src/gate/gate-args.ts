/**
 * `faultline gate`'s options, in one table that parses the flags and the environment and writes
 * `faultline gate --help` (option-table.ts).
 */

import { GATE_MAX_WAIT_MS } from '../limits.js';
import { option, parseOptions, readSwitch, renderOptions } from '../option-table.js';
import { readDecimal, readDuration, readHttpUrl, readInteger, readText } from '../option-values.js';
import { UsageError } from '../usage-error.js';

export interface GateArgs {
  command: 'gate';
  url: string | undefined;
  token: string | undefined;
  project: number | undefined;
  canary: string | undefined;
  baseline: string | undefined;
  environment: string | undefined;
  /** Passed to the collector as it is (`30m`, an ISO date, epoch ms). */
  since: string | undefined;
  alpha: number | undefined;
  minRequests: number | undefined;
  margin: number | undefined;
  /** Ask again until pass or fail, for at most this long (ms); 0: ask once. */
  waitMs: number;
  json: boolean;
}

/** Exit statuses: the verdict's, or why there is none. */
export const GATE_EXIT = { pass: 0, fail: 1, inconclusive: 2, unreachable: 3, usage: 4 } as const;

const WHAT = 'What to compare';
const HOW = 'Verdict';
const WHERE = 'Collector';
const text = (key: 'canary' | 'baseline' | 'environment' | 'since', help: string, value = 'RELEASE') =>
  option<GateArgs, string>({
    name: key,
    value,
    group: WHAT,
    help,
    read: readText,
    apply: (s, v) => {
      s[key] = v;
    },
  });

/**
 * Every option of `faultline gate`, in the help's order.
 * @example parseOptions(GATE_OPTIONS, ['--project', '1'], {}, defaultGateArgs()).settings.project // 1
 */
export const GATE_OPTIONS = [
  option<GateArgs, string>({
    name: 'url',
    value: 'URL',
    group: WHERE,
    help: "the collector's base URL, e.g. https://faultline.example.com.",
    read: readHttpUrl,
    apply: (s, v) => {
      s.url = v;
    },
  }),
  option<GateArgs, string>({
    name: 'token',
    value: 'TOKEN',
    group: WHERE,
    help: 'an API token of the collector (`faultline serve` prints the admin token; prefer the variable, a flag shows in `ps`).',
    read: readText,
    apply: (s, v) => {
      s.token = v;
    },
  }),
  option<GateArgs, number>({
    name: 'project',
    value: 'ID',
    group: WHAT,
    help: 'the project id.',
    read: (raw) => readInteger(raw, 1, Number.MAX_SAFE_INTEGER),
    apply: (s, v) => {
      s.project = v;
    },
  }),
  text('canary', 'the release being rolled out.'),
  text('baseline', 'the release it replaces, serving the rest of the traffic.'),
  text('environment', 'only the counts of this environment.', 'NAME'),
  text(
    'since',
    "the window's start: a duration back from now (30m), an ISO date or epoch ms. Default: the canary's first request.",
    'WHEN',
  ),
  option<GateArgs, number>({
    name: 'alpha',
    value: 'P',
    group: HOW,
    help: 'the chance of failing a canary that is no worse, however often it is asked.',
    shownDefault: '0.05',
    read: (raw) => readDecimal(raw, 1e-6, 0.5),
    apply: (s, v) => {
      s.alpha = v;
    },
  }),
  option<GateArgs, number>({
    name: 'min-requests',
    value: 'N',
    group: HOW,
    help: 'requests each release needs before the verdict may be pass.',
    shownDefault: '500',
    read: (raw) => readInteger(raw, 1),
    apply: (s, v) => {
      s.minRequests = v;
    },
  }),
  option<GateArgs, number>({
    name: 'margin',
    value: 'R',
    group: HOW,
    help: "the canary's 5xx may be this much higher, relatively, before it fails (0.2: 20 %).",
    shownDefault: '0',
    read: (raw) => readDecimal(raw, 0, 10),
    apply: (s, v) => {
      s.margin = v;
    },
  }),
  option<GateArgs, number>({
    name: 'wait',
    value: 'DURATION',
    group: HOW,
    help: 'ask again every 15 s until the verdict is pass or fail, for at most this long (15m, 1h); then inconclusive.',
    shownDefault: 'ask once',
    read: (raw) => readDuration(raw, GATE_MAX_WAIT_MS),
    apply: (s, v) => {
      s.waitMs = v;
    },
  }),
  option<GateArgs, boolean>({
    name: 'json',
    group: HOW,
    help: 'print the verdict as one JSON object (verdict, reason, method, canary, baseline, routes…) instead of a table.',
    read: readSwitch,
    apply: (s, v) => {
      s.json = v;
    },
  }),
];

/**
 * A fresh arguments object with the defaults.
 * @example defaultGateArgs().waitMs // 0
 */
export function defaultGateArgs(): GateArgs {
  return {
    command: 'gate',
    url: undefined,
    token: undefined,
    project: undefined,
    canary: undefined,
    baseline: undefined,
    environment: undefined,
    since: undefined,
    alpha: undefined,
    minRequests: undefined,
    margin: undefined,
    waitMs: 0,
    json: false,
  };
}

/**
 * Throws a UsageError naming the flag at fault.
 * @example parseGateArgs(['--url', 'http://127.0.0.1:8000', '--project', '1', '--canary', 'v2', '--baseline', 'v1'], { FAULTLINE_TOKEN: 't' })
 */
export function parseGateArgs(argv: readonly string[], env: NodeJS.ProcessEnv): GateArgs {
  const { settings, positionals } = parseOptions(GATE_OPTIONS, argv, env, defaultGateArgs());
  if (positionals.length > 0) throw new UsageError(`gate takes no arguments (got '${positionals[0]}')`);
  for (const [flag, value] of [
    ['url', settings.url],
    ['token', settings.token],
    ['project', settings.project],
    ['canary', settings.canary],
    ['baseline', settings.baseline],
  ] as const)
    if (value === undefined) throw new UsageError(`--${flag} is required`);
  if (settings.canary === settings.baseline) throw new UsageError('--canary and --baseline must differ');
  return settings;
}

/**
 * `faultline gate --help`.
 * @example console.log(gateHelp())
 */
export function gateHelp(): string {
  return [
    'usage: faultline gate --url URL --token TOKEN --project ID --canary RELEASE --baseline RELEASE [options]',
    '',
    "Asks a collector whether the canary release's 5xx rate is worse than the baseline's, from the",
    'per-route counts the middleware sends, with a sequential test that stays valid however often it',
    'is asked (docs/canary.md). Exit status: 0 pass, 1 fail, 2 inconclusive, 3 the collector could',
    'not be asked or refused, 4 a bad command line. In GitHub Actions (GITHUB_STEP_SUMMARY,',
    'GITHUB_OUTPUT) it writes a summary and the `verdict` output, and a failure as an ::error::.',
    ...renderOptions(GATE_OPTIONS),
    '',
    '  -h, --help',
    '      this help.',
  ].join('\n');
}
