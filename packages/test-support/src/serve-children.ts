/**
 * Several `faultline serve` processes on one PostgreSQL, the way several stateless collectors run
 * behind a load balancer: the tests of races and faults across collectors start them here.
 */

import { type ServeChild, startServeChild } from './serve-child.js';

/**
 * Starts `count` collectors on `db` (a PostgreSQL URL) with `args` besides `--db` and `--port 0`.
 * The first starts alone (it migrates and makes project 1 and its key); the others find them.
 * If one fails to start, those already started are killed.
 * @example const collectors = await startServeChildren(3, dbUrl); after(() => killAll(collectors));
 */
export async function startServeChildren(
  count: number,
  db: string,
  options: { args?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<ServeChild[]> {
  const args = ['--db', db, '--port', '0', ...(options.args ?? [])];
  const start = () => startServeChild(args, options.env === undefined ? {} : { env: options.env });
  const first = await start();
  const rest = await Promise.allSettled(Array.from({ length: count - 1 }, start));
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
