/**
 * Reading a password for `faultline user add`: on a terminal, typed without echo (raw mode, the
 * characters are never written back); in scripts, the whole of stdin (`--password-stdin`, as
 * `docker login` does), so it never appears in argv or the shell history.
 */

import { MAX_PASSWORD_STDIN_BYTES } from './limits.js';

/** What the prompt needs from process.stdin: a readable that may be a TTY. */
export interface PasswordInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

/** The user pressed Ctrl-C or Ctrl-D at the prompt. */
export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const ERASE = new Set(['\u007f', '\b']);

/**
 * Asks `question` on `output` and reads one line from the terminal `input` without echo.
 * Backspace and Ctrl-U edit; Ctrl-C (raw mode turns it into a byte, not SIGINT) and Ctrl-D cancel.
 * @example const password = await promptHidden('Password: ', process.stdin, process.stderr);
 */
export function promptHidden(
  question: string,
  input: PasswordInput,
  output: NodeJS.WritableStream,
): Promise<string> {
  if (!input.isTTY || typeof input.setRawMode !== 'function')
    return Promise.reject(new Error('stdin is not a terminal: pipe the password in with --password-stdin'));
  const setRaw = input.setRawMode.bind(input);
  return new Promise((resolve, reject) => {
    const chars: string[] = [];
    const finish = (error?: Error) => {
      input.off('data', onData);
      setRaw(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(chars.join(''));
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ENTER.has(ch)) return finish();
        if (ch === CTRL_C || (ch === CTRL_D && chars.length === 0))
          return finish(new PromptCancelled('cancelled'));
        if (ERASE.has(ch)) chars.pop();
        else if (ch === CTRL_U) chars.length = 0;
        else if (ch >= ' ') chars.push(ch);
      }
    };
    // Raw mode first: a line typed (or pasted) the moment the question shows must not be echoed.
    setRaw(true);
    output.write(question);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/**
 * All of stdin as the password, without the one line ending `echo` or a file adds.
 * @example printf '%s\n' "$PASSWORD" | faultline user add ada@example.com --password-stdin
 */
export async function readPasswordStdin(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_PASSWORD_STDIN_BYTES)
      throw new Error(`stdin holds more than ${MAX_PASSWORD_STDIN_BYTES} bytes: not a password`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
