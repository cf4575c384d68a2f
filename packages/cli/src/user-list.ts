/** `faultline user list`: the dashboard users of the store, one line each (email, created). */

import type { UserRecord } from '@faultline/collector';
import type { UserListArgs } from './args.js';
import { withStore } from './store-command.js';
import type { UserIo } from './user-command.js';

/** `ada@example.com  2025-06-01T14:03:12Z`, emails padded to one column. */
export function formatUsers(users: readonly UserRecord[]): string[] {
  const width = Math.max(0, ...users.map((u) => u.email.length));
  return users.map(
    (u) => `${u.email.padEnd(width)}  ${new Date(u.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
  );
}

/**
 * @example await userList({ command: 'user-list', data: '.faultline', db: undefined }, io)
 */
export async function userList(args: UserListArgs, io: Pick<UserIo, 'print'>): Promise<void> {
  const users = await withStore(args, (store) => store.listUsers(), true);
  if (users.length === 0) io.print('No dashboard users: add one with `faultline user add <email>`.');
  for (const line of formatUsers(users)) io.print(line);
}
