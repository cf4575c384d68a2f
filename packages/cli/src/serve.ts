/**
 * `faultline serve`: open the store (SQLite in a data folder, or PostgreSQL), migrate, make
 * sure project 1 exists, start the collector, print the DSN (and the admin token on first
 * start), and shut down cleanly on SIGTERM/SIGINT: stop accepting, commit what is pending,
 * close the store, exit 0.
 */

import {
  bootstrap,
  createPostgresStore,
  createSqliteStore,
  type RunningCollector,
  type Store,
  startCollector,
} from '@faultline/collector';
import type { ServeArgs } from './args.js';

export function openStore(args: Pick<ServeArgs, 'data' | 'db'>): Store {
  return args.db
    ? createPostgresStore({ connectionString: args.db })
    : createSqliteStore({ dataDir: args.data });
}

export async function serve(
  args: ServeArgs,
  env: NodeJS.ProcessEnv = process.env,
  print = console.log,
): Promise<RunningCollector> {
  const store = openStore(args);
  await store.migrate();
  const adminToken = env.FAULTLINE_ADMIN_TOKEN || undefined;
  const collector = await startCollector({
    store,
    host: args.host,
    port: args.port,
    adminToken,
    publicUrl: env.FAULTLINE_PUBLIC_URL,
  });
  const { dsn, createdAdminToken } = await bootstrap(
    store,
    env.FAULTLINE_PUBLIC_URL ?? collector.url,
    adminToken,
  );
  print(`Faultline collector on ${collector.url} (${args.db ? 'PostgreSQL' : `SQLite in ${args.data}`})`);
  print(`DSN: ${dsn}`);
  print(`Dashboard: ${env.FAULTLINE_PUBLIC_URL ?? collector.url}/`);
  if (createdAdminToken) print(`Admin token (shown once, keep it): ${createdAdminToken}`);
  return collector;
}
