/**
 * What every store-fault test starts with: a collector over the store under test (project 1, no
 * dashboard, no log) with the fault load flowing into it; for the PostgreSQL ones, on a
 * PostgreSQL of the test's own that it may restart, halt or freeze.
 */

import { after, before } from 'node:test';
import { type PgInstance, startPgInstance } from '@faultline/test-support';
import { createPostgresStore, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { type FaultLoad, startFaultLoad } from './fault-load.js';

/** The collector's admin token, which the load's readers send. */
const TOKEN = 'store-fault-admin-token';

/** A collector over the store under test and the fault load flowing into it. */
export interface FaultRig {
  collector: RunningCollector;
  load: FaultLoad;
  /** Stops the load, then closes the collector (which closes the store). */
  close(): Promise<void>;
}

/**
 * Migrates `store`, gives it project 1, serves it (no dashboard, no log) and starts the load on it.
 * @example rig = await startFaultRig(createSqliteStore({ dataDir }), { senders: 4, readers: 1 });
 */
export async function startFaultRig(
  store: Store,
  options: { senders: number; readers: number },
): Promise<FaultRig> {
  await store.migrate();
  const { key } = await store.ensureDefaultProject();
  const collector = await startCollector({
    store,
    adminToken: TOKEN,
    dashboardDir: '/nonexistent',
    log: () => {},
  });
  const load = startFaultLoad({ base: collector.url, publicKey: key.publicKey, token: TOKEN, ...options });
  return {
    collector,
    load,
    async close() {
      await load.stop();
      await collector.close();
    },
  };
}

/** A PostgreSQL of the test's own (one it may restart, halt or freeze) and the rig over a store on it. */
export interface PgFaultRig extends FaultRig {
  pg: PgInstance;
  store: Store;
}

/**
 * Starts a PgFaultRig in `before` of the calling file and tears it down in its `after`, the
 * database thawed first so that nothing waits on a stopped server; the fields are filled once
 * `before` has run.
 * @example const rig = usePgFaultRig({ senders: 4, readers: 2 }); test('…', () => rig.pg.freeze());
 */
export function usePgFaultRig(options: { senders: number; readers: number }): PgFaultRig {
  const view = {} as PgFaultRig;
  let pg: PgInstance | undefined;
  let store: Store | undefined;
  let rig: FaultRig | undefined;
  before(async () => {
    pg = await startPgInstance();
    store = createPostgresStore({ connectionString: pg.url });
    rig = await startFaultRig(store, options);
    Object.assign(view, rig, { pg, store });
  });
  after(async () => {
    pg?.thaw();
    await rig?.close();
    await store?.close().catch(() => {});
    await pg?.dispose();
  });
  return view;
}
