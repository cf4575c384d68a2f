/**
 * `faultline user remove <email>`: deletes a dashboard user, and its dashboard sessions with it
 * (one transaction), so every collector of the store refuses them at once (collector README).
 */

import type { UserRemoveArgs } from './args.js';
import { CommandRefused, withStore } from './store-command.js';
import type { UserIo } from './user-command.js';

/**
 * @example await userRemove({ command: 'user-remove', email, data: '.faultline', db: undefined }, io)
 */
export async function userRemove(args: UserRemoveArgs, io: Pick<UserIo, 'print'>): Promise<void> {
  const removed = await withStore(
    args,
    async (store) => {
      // Found first for the stored spelling of the email, which the message shows.
      const user = await store.findUserByEmail(args.email);
      return user && (await store.deleteUser(user.email)) ? user.email : undefined;
    },
    true,
  );
  if (!removed) throw new CommandRefused(`no user with the email ${args.email.trim()}`);
  io.print(`User ${removed} removed: their dashboard sessions have ended.`);
}
