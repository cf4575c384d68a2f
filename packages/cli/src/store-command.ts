/**
 * What the commands that work on the store directly share (`faultline user …`, `faultline token
 * …`): their one-line refusals, and the migrated store of `serve` that they open and close.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE_NAME, type Store } from '@faultline/collector';
import type { ServeArgs } from './args.js';
import { openStore } from './serve.js';

/** A refusal the command explains in one line (exit status 1). */
export class CommandRefused extends Error {
  override readonly name = 'CommandRefused';
}

/**
 * Prints why a store command failed, and returns its exit status (1): a refusal in its one
 * line, anything else with its stack.
 * @example catch (error) { return failed('token-list', error); }
 */
export function failed(command: string, error: unknown): number {
  if (error instanceof CommandRefused) console.error(`faultline: ${error.message}`);
  else console.error(`faultline: ${command.replace('-', ' ')} failed:`, error);
  return 1;
}

/**
 * Runs `fn` on the migrated store of `serve` and closes it. With `existing`, a SQLite folder
 * without a database is refused instead of created (a typo in --data is not "no users" or "no tokens").
 */
export async function withStore<T>(
  args: Pick<ServeArgs, 'data' | 'db'>,
  fn: (store: Store) => Promise<T>,
  existing = false,
): Promise<T> {
  if (existing && !args.db && !existsSync(join(args.data, SQLITE_FILE_NAME)))
    throw new CommandRefused(`no Faultline store in ${args.data} (pass --data DIR or --db URL)`);
  const store = openStore(args);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}
