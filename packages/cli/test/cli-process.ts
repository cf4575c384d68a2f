/** Driving the command line in tests: the built bin in a child process, and a fake terminal. */

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

export const BIN = new URL('../src/bin.js', import.meta.url).pathname;
/** The checked-in `faultline` the package links (bin/faultline.js), which imports BIN. */
export const STUB = new URL('../../bin/faultline.js', import.meta.url).pathname;

/** Temporary folders, removed together by `removeAll` (call it from `after`). */
export function tempDirs() {
  const dirs: string[] = [];
  return {
    make(): string {
      const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
      dirs.push(dir);
      return dir;
    },
    removeAll(): void {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `faultline <args>` (`bin`: the built entry, or STUB) with `stdin` as its whole input. */
export function runCli(
  args: string[],
  stdin: string,
  options: { bin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
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

/** A terminal stand-in: what the prompt writes, and whether raw mode was on while reading. */
export function fakeTty() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    raw: false,
    setRawMode(raw: boolean) {
      input.raw = raw;
      return input;
    },
  });
  const output = new PassThrough();
  let written = '';
  output.on('data', (c: Buffer) => {
    written += c.toString();
  });
  return { input, output, written: () => written };
}
