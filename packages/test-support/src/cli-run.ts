/** `faultline <args>` run to its end in a child process, for tests of the CLI and of what its
 * commands do to a running collector. */

import { spawn } from 'node:child_process';
import { CLI_BIN } from './serve-child.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `faultline <args>` (`bin`: CLI_BIN, or another entry of the CLI) with `stdin` as its whole
 * input; resolves when it exits.
 * @example const removed = await runCli(['user', 'remove', 'ada@example.com', '--db', url], '');
 */
export function runCli(
  args: readonly string[],
  stdin: string,
  options: { bin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? CLI_BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
