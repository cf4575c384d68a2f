/**
 * `faultline demo`: starts the demo, prints where to look (the first lines, which scripts and
 * the test parse), and stops it on SIGINT, SIGTERM or after --duration: exit 0 once stopped,
 * 1 when it could not start or stop (or stopping outlived DEMO_SHUTDOWN_TIMEOUT_MS).
 */

import { DEMO_SHUTDOWN_TIMEOUT_MS } from '../limits.js';
import type { DemoArgs } from './demo-args.js';
import { startDemo } from './demo-runner.js';

/** What to look at, in the order the demo produces it. */
export const DEMO_LEGEND =
  "Look at: Issues (bugs, a dependency cascade, timeouts; one regresses in orders@1.1.0) · an issue's trace " +
  '(the cascade began in inventory) · Rates by release (orders@1.0.0 vs 1.1.0) and by route (shed /search) · Releases';

/**
 * @example await runDemo({ command: 'demo', data: undefined, port: 8000, durationS: undefined, seed: 1 });
 */
export async function runDemo(args: DemoArgs, print: (line: string) => void = console.log): Promise<void> {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await startDemo({
      data: args.data,
      port: args.port,
      seed: args.seed,
      adminToken: process.env.FAULTLINE_ADMIN_TOKEN || undefined,
      print,
    });
  } catch (error) {
    console.error('faultline: could not start the demo:', error instanceof Error ? error.message : error);
    process.exit(1);
  }
  print(`Faultline demo (seed ${args.seed})`);
  print(`Dashboard: ${demo.dashboardUrl}`);
  print(`Login token: ${demo.token}`);
  print(`Data: ${demo.dataDir} (${demo.temporary ? 'temporary, removed at exit' : 'kept'})`);
  print(DEMO_LEGEND);
  print(args.durationS === undefined ? 'Ctrl-C stops.' : `Stops after ${args.durationS} s (or Ctrl-C).`);

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    print(`${why}: stopping (the load, then the services' last events, then the collector)`);
    setTimeout(() => {
      console.error(`faultline: the demo did not stop within ${DEMO_SHUTDOWN_TIMEOUT_MS} ms`);
      process.exit(1);
    }, DEMO_SHUTDOWN_TIMEOUT_MS).unref();
    demo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('faultline: the demo failed to stop:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (args.durationS !== undefined) setTimeout(() => stop(`${args.durationS} s`), args.durationS * 1000);
}
