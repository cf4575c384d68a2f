/** `faultline demo [--data DIR] [--port N] [--duration S] [--seed N]`, parsed. */

import { parseArgs } from 'node:util';
import { DEMO_MAX_DURATION_S } from '../limits.js';

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

function wholeNumber(raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : Number.NaN;
}

/**
 * @param defaultPort the collector's port without --port (`serve`'s default; passed in, as
 *   args.ts, which owns it, imports this module)
 * @example parseDemoArgs(['--port', '0', '--duration', '30'], 8000) // { command: 'demo', port: 0, durationS: 30, ... }
 */
export function parseDemoArgs(
  argv: readonly string[],
  defaultPort: number,
): DemoArgs | { command: 'help'; message: string } {
  const usage = `usage: faultline demo [--data DIR] [--port ${defaultPort}] [--duration S] [--seed N]`;
  const help = (problem: string) => ({ command: 'help' as const, message: `${problem}\n${usage}` });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return help((error as Error).message);
  }
  const port = wholeNumber(values.port as string | undefined, 0, 65535) ?? defaultPort;
  if (Number.isNaN(port)) return help('--port must be 0-65535');
  const durationS = wholeNumber(values.duration as string | undefined, 1, DEMO_MAX_DURATION_S);
  if (Number.isNaN(durationS))
    return help(`--duration must be a whole number of seconds, 1-${DEMO_MAX_DURATION_S}`);
  const seed = wholeNumber(values.seed as string | undefined, 0, 2 ** 32 - 1) ?? DEFAULT_DEMO_SEED;
  if (Number.isNaN(seed)) return help('--seed must be a whole number, 0-4294967295');
  const data = values.data as string | undefined;
  if (data === '') return help('--data needs a folder');
  return { command: 'demo', data, port, durationS, seed };
}
