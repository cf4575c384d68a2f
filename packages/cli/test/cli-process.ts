/** Driving the command line in tests: the built bin in a child process, and a fake terminal. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type CliResult, runCli as runCliChild } from '@faultline/test-support';

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
): Promise<CliResult> {
  return runCliChild(args, stdin, { bin: BIN, ...options });
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
