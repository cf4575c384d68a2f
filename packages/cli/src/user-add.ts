/**
 * `faultline user add <email>`: a dashboard user in the store `faultline serve` uses (SQLite
 * in --data, or --db). The password is checked against the collector's rules, hashed with its
 * scrypt parameters, and only the hash is stored.
 */

import { emailProblem, hashPassword } from '@faultline/collector';
import type { UserAddArgs } from './args.js';
import { CommandRefused, withStore } from './store-command.js';
import { readNewPassword, type UserIo } from './user-command.js';

/**
 * @example await userAdd({ command: 'user-add', email, passwordStdin: true, data: '.faultline', db: undefined }, io)
 */
export async function userAdd(args: UserAddArgs, io: UserIo): Promise<void> {
  const badEmail = emailProblem(args.email);
  if (badEmail) throw new CommandRefused(badEmail);
  const passwordHash = await hashPassword(await readNewPassword(args.passwordStdin, io));
  await withStore(args, async (store) => {
    const user = await store.createUser(args.email, passwordHash);
    if (!user) throw new CommandRefused(`a user with the email ${args.email.trim()} already exists`);
    io.print(`User ${user.email} added: log in to the dashboard with this email and password.`);
  });
}
