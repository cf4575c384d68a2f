/**
 * What the `faultline user …` commands share: their I/O and reading a new password under the
 * collector's rules (`add` and `passwd`).
 */

import { passwordProblem } from '@faultline/collector';
import { type PasswordInput, promptHidden, readPasswordStdin } from './password-input.js';
import { CommandRefused } from './store-command.js';

export interface UserIo {
  input: PasswordInput;
  /** Prompts go here (stderr), so stdout stays for the result. */
  prompt: NodeJS.WritableStream;
  print(line: string): void;
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
  if (problem) throw new CommandRefused(problem);
  if (passwordStdin) return password;
  const again = await promptHidden('Password again: ', io.input, io.prompt);
  if (again !== password) throw new CommandRefused('the two passwords differ');
  return password;
}
