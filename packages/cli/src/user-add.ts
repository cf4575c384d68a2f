/**
 * `faultline user add <email>`: a dashboard user in the store `faultline serve` uses (SQLite
 * in --data, or --db). The password is checked against the collector's rules, hashed with its
 * scrypt parameters, and only the hash is stored.
 */

import { emailProblem, hashPassword, passwordProblem } from '@faultline/collector';
import type { UserAddArgs } from './args.js';
import { type PasswordInput, promptHidden, readPasswordStdin } from './password-input.js';
import { openStore } from './serve.js';

export interface UserAddIo {
  input: PasswordInput;
  /** Prompts go here (stderr), so stdout stays for the result. */
  prompt: NodeJS.WritableStream;
  print(line: string): void;
}

/** A refusal the command explains in one line (exit status 1). */
export class UserAddError extends Error {
  override readonly name = 'UserAddError';
}

async function readPassword(args: UserAddArgs, io: UserAddIo): Promise<string> {
  if (args.passwordStdin) return readPasswordStdin(io.input);
  const password = await promptHidden('Password: ', io.input, io.prompt);
  const problem = passwordProblem(password);
  if (problem) throw new UserAddError(problem);
  const again = await promptHidden('Password again: ', io.input, io.prompt);
  if (again !== password) throw new UserAddError('the two passwords differ');
  return password;
}

/**
 * @example await userAdd({ command: 'user-add', email, passwordStdin: true, data: '.faultline', db: undefined }, io)
 */
export async function userAdd(args: UserAddArgs, io: UserAddIo): Promise<void> {
  const badEmail = emailProblem(args.email);
  if (badEmail) throw new UserAddError(badEmail);
  const password = await readPassword(args, io);
  const badPassword = passwordProblem(password);
  if (badPassword) throw new UserAddError(badPassword);
  const passwordHash = await hashPassword(password);
  const store = openStore(args);
  try {
    await store.migrate();
    const user = await store.createUser(args.email, passwordHash);
    if (!user) throw new UserAddError(`a user with the email ${args.email.trim()} already exists`);
    io.print(`User ${user.email} added: log in to the dashboard with this email and password.`);
  } finally {
    await store.close();
  }
}
