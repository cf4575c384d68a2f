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

/** A started collector and what its first lines print. */
export interface StartedCollector {
  collector: RunningCollector;
  store: Store;
  /** Project 1's DSN, for SDKs (and the demo's services). */
  dsn: string;
  /** The dashboard's address (FAULTLINE_PUBLIC_URL when set). */
  dashboardUrl: string;
  /** The admin token, only when this start created it (first start, no FAULTLINE_ADMIN_TOKEN). */
  createdAdminToken: string | undefined;
}

/**
 * Opens and migrates the store, starts the collector and makes sure project 1 exists; prints
 * nothing (`serve` and `demo` print their own lines).
 * @example const { collector, dsn } = await startServe({ data: '.faultline', host: '127.0.0.1', port: 0, db: undefined });
 */
export async function startServe(
  args: Pick<ServeArgs, 'data' | 'db' | 'host' | 'port'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedCollector> {
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
  const publicUrl = env.FAULTLINE_PUBLIC_URL ?? collector.url;
  const { dsn, createdAdminToken } = await bootstrap(store, publicUrl, adminToken);
  return { collector, store, dsn, dashboardUrl: `${publicUrl}/`, createdAdminToken };
}

export async function serve(
  args: ServeArgs,
  env: NodeJS.ProcessEnv = process.env,
  print = console.log,
): Promise<RunningCollector> {
  const { collector, dsn, dashboardUrl, createdAdminToken } = await startServe(args, env);
  print(`Faultline collector on ${collector.url} (${args.db ? 'PostgreSQL' : `SQLite in ${args.data}`})`);
  print(`DSN: ${dsn}`);
  print(`Dashboard: ${dashboardUrl}`);
  if (createdAdminToken) print(`Admin token (shown once, keep it): ${createdAdminToken}`);
  return collector;
}
