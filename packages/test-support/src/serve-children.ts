/**
 * Several `faultline serve` processes on one PostgreSQL, the way several stateless collectors run
 * behind a load balancer: the tests of races and faults across collectors start them here.
 */

import { type ServeChild, startServeChild } from './serve-child.js';

/**
 * Starts `count` collectors on `db` (a PostgreSQL URL) with `args` besides `--db` and `--port 0`.
 * The first starts alone (it migrates and makes project 1 and its key); the others find them.
 * If one fails to start, those already started are killed. `db` and `args` may differ per
 * collector (a function of its index): e.g. an `application_name` of its own in the URL.
 * @example const collectors = await startServeChildren(3, dbUrl); after(() => killAll(collectors));
 */
export async function startServeChildren(
  count: number,
  db: string | ((i: number) => string),
  options: { args?: readonly string[] | ((i: number) => readonly string[]); env?: NodeJS.ProcessEnv } = {},
): Promise<ServeChild[]> {
  const argsOf = (i: number) => [
    '--db',
    typeof db === 'string' ? db : db(i),
    '--port',
    '0',
    ...((typeof options.args === 'function' ? options.args(i) : options.args) ?? []),
  ];
  const start = (i: number) =>
    startServeChild(argsOf(i), options.env === undefined ? {} : { env: options.env });
  const first = await start(0);
  const rest = await Promise.allSettled(Array.from({ length: count - 1 }, (_, i) => start(i + 1)));
  const started = [first, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
  const failed = rest.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    killServeChildren(started);
    throw failed.reason;
  }
  return started;
}

/**
 * SIGKILLs every collector still running (a test's cleanup: nothing of theirs is left to commit).
 * @example after(() => killServeChildren(collectors));
 */
export function killServeChildren(children: readonly ServeChild[]): void {
  for (const c of children)
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
}
