/**
 * What the `faultline user …` commands share: their I/O, their one-line refusals, reading a new
 * password under the collector's rules (`add` and `passwd`), and the store they open.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { passwordProblem, SQLITE_FILE_NAME, type Store } from '@faultline/collector';
import type { ServeArgs } from './args.js';
import { type PasswordInput, promptHidden, readPasswordStdin } from './password-input.js';
import { openStore } from './serve.js';

export interface UserIo {
  input: PasswordInput;
  /** Prompts go here (stderr), so stdout stays for the result. */
  prompt: NodeJS.WritableStream;
  print(line: string): void;
}

/** A refusal the command explains in one line (exit status 1). */
export class UserCommandError extends Error {
  override readonly name = 'UserCommandError';
}

/**
 * A new password: all of stdin with `passwordStdin`, else asked twice on the terminal (the rules
 * are checked after the first answer, so a too-short password is not typed twice).
 * @example const password = await readNewPassword(args.passwordStdin, io);
 */
export async function readNewPassword(passwordStdin: boolean, io: UserIo): Promise<string> {
  const password = passwordStdin
    ? await readPasswordStdin(io.input)
    : await promptHidden('Password: ', io.input, io.prompt);
  const problem = passwordProblem(password);
  if (problem) throw new UserCommandError(problem);
  if (passwordStdin) return password;
  const again = await promptHidden('Password again: ', io.input, io.prompt);
  if (again !== password) throw new UserCommandError('the two passwords differ');
  return password;
}

/**
 * Runs `fn` on the migrated store of `serve` and closes it. With `existing`, a SQLite folder
 * without a database is refused instead of created (a typo in --data is not "no users").
 */
export async function withUserStore<T>(
  args: Pick<ServeArgs, 'data' | 'db'>,
  fn: (store: Store) => Promise<T>,
  existing = false,
): Promise<T> {
  if (existing && !args.db && !existsSync(join(args.data, SQLITE_FILE_NAME)))
    throw new UserCommandError(`no Faultline store in ${args.data} (pass --data DIR or --db URL)`);
  const store = openStore(args);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}
