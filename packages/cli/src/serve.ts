/**
 * `faultline serve`: open the store (SQLite in a data folder, or PostgreSQL), migrate, make
 * sure project 1 exists, start the collector, and print the DSN (and the admin token on first
 * start).
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  bootstrap,
  createPostgresStore,
  createSqliteStore,
  type RunningCollector,
  type Store,
  startCollector,
} from '@faultline/collector';
import type { ServeSettings } from './serve-options.js';
import type { StoreSettings } from './store-options.js';

/**
 * The store the options name.
 * @example const store = openStore({ data: '.faultline', db: undefined });
 */
export function openStore(args: StoreSettings): Store {
  return args.db
    ? createPostgresStore({
        connectionString: args.db,
        ...(args.dbListen === undefined ? {} : { listenConnectionString: args.dbListen }),
      })
    : createSqliteStore({ dataDir: args.data });
}

/**
 * The dashboard copied into an installed package by its prepack (scripts/bundle-dashboard.mjs);
 * in the repository there is none and the collector finds the workspace's build itself.
 */
function bundledDashboard(): string | undefined {
  const dir = fileURLToPath(new URL('../../dashboard/', import.meta.url));
  return existsSync(`${dir}index.html`) ? dir : undefined;
}

/** A started collector and what its first lines print. */
export interface StartedCollector {
  collector: RunningCollector;
  store: Store;
  /** Project 1's DSN, for SDKs (and the demo's services). */
  dsn: string;
  /** The dashboard's address (the public URL when one is set). */
  dashboardUrl: string;
  /** The admin token, only when this start created it (first start, no FAULTLINE_ADMIN_TOKEN). */
  createdAdminToken: string | undefined;
}

/**
 * Opens and migrates the store, starts the collector and makes sure project 1 exists; prints
 * nothing (`serve` and `demo` print their own lines).
 * @example const { collector, dsn } = await startServe({ ...defaultServeSettings(), collector: { host: '127.0.0.1', port: 0 } });
 */
export async function startServe(args: ServeSettings): Promise<StartedCollector> {
  const store = openStore(args);
  await store.migrate();
  const dashboardDir = args.collector.dashboardDir ?? bundledDashboard();
  const collector = await startCollector({
    ...args.collector,
    ...(dashboardDir === undefined ? {} : { dashboardDir }),
    store,
  });
  const publicUrl = args.collector.publicUrl ?? collector.url;
  const { dsn, createdAdminToken } = await bootstrap(store, publicUrl, args.collector.adminToken);
  return { collector, store, dsn, dashboardUrl: `${publicUrl}/`, createdAdminToken };
}

/**
 * @example const collector = await serve({ ...defaultServeSettings(), data: '/var/lib/faultline' });
 */
export async function serve(args: ServeSettings, print = console.log): Promise<RunningCollector> {
  const { collector, dsn, dashboardUrl, createdAdminToken } = await startServe(args);
  print(`Faultline collector on ${collector.url} (${args.db ? 'PostgreSQL' : `SQLite in ${args.data}`})`);
  print(`DSN: ${dsn}`);
  print(`Dashboard: ${dashboardUrl}`);
  if (createdAdminToken) print(`Admin token (shown once, keep it): ${createdAdminToken}`);
  return collector;
}
