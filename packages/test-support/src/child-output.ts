/**
 * Waiting for a child process to say it is ready: tests that start a collector (or the CLI) in a
 * process of its own read its address from what it prints, and must fail, not hang, when it dies
 * first.
 */

import type { ChildProcess } from 'node:child_process';

/**
 * The first match of `pattern` in what `child` writes to its stdout (piped); rejects if the child
 * exits before.
 * @example const [, url] = await waitForOutput(child, /^READY (\S+)\n/m);
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  const stdout = child.stdout;
  if (stdout === null) return Promise.reject(new Error('waitForOutput: the child has no piped stdout'));
  return new Promise((resolve, reject) => {
    let out = '';
    const settle = () => {
      stdout.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match === null) return;
      settle();
      // Past this, what it prints is read and dropped, so it never blocks on a full pipe.
      stdout.resume();
      resolve(match);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      settle();
      reject(new Error(`the child exited (${signal ?? code}) before printing ${pattern}: ${out}`));
    };
    stdout.on('data', onData);
    child.on('exit', onExit);
  });
}
