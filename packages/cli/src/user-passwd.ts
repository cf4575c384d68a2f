/**
 * `faultline user passwd <email>`: a new password for a dashboard user, read and checked as
 * `user add` does. The user's dashboard sessions end in the same transaction, on every collector
 * of the store (collector README).
 */

import { hashPassword } from '@faultline/collector';
import type { UserPasswdArgs } from './args.js';
import { CommandRefused, withStore } from './store-command.js';
import { readNewPassword, type UserIo } from './user-command.js';

/**
 * @example await userPasswd({ command: 'user-passwd', email, passwordStdin: true, data: '.faultline', db: undefined }, io)
 */
export async function userPasswd(args: UserPasswdArgs, io: UserIo): Promise<void> {
  const missing = () => new CommandRefused(`no user with the email ${args.email.trim()}`);
  await withStore(
    args,
    async (store) => {
      // Asked first, so nobody types a password twice for an email that has no user.
      const user = await store.findUserByEmail(args.email);
      if (!user) throw missing();
      const passwordHash = await hashPassword(await readNewPassword(args.passwordStdin, io));
      if (!(await store.setUserPassword(user.email, passwordHash))) throw missing();
      io.print(`Password of ${user.email} changed: their dashboard sessions have ended.`);
    },
    true,
  );
}
