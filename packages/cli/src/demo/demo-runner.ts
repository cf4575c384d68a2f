/**
 * Starts everything `faultline demo` shows and stops it cleanly: the collector (SQLite in the
 * given or a temporary folder), inventory's stock database, the three services
 * (storefront → orders → inventory) reporting to the collector, and the shoppers' load. It
 * follows the schedule: the database goes down and comes back, a surge hits search, and once
 * orders' coupon crash is resolved in the next release, orders@1.1.0 replaces orders@1.0.0.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DRAIN_TIMEOUT_MS, DEMO_STATUS_INTERVAL_MS } from '../limits.js';
import { startServe } from '../serve.js';
import { DEFAULT_HOST, defaultServeSettings } from '../serve-options.js';
import { couponCrashApi } from './coupon-crash.js';
import { startInventory } from './inventory.js';
import { LoadGenerator } from './load-generator.js';
import { startOrders } from './orders.js';
import { resolveAndDeploy } from './orders-deploy.js';
import { seededRandom } from './prng.js';
import type { RunningService, ServiceEnv } from './service-host.js';
import { statusLine } from './status-line.js';
import { startStockDatabase } from './stock-database.js';
import { startStorefront } from './storefront.js';
import { playTimeline } from './timeline.js';

/** How to run the demo (from `faultline demo`'s arguments). */
export interface DemoOptions {
  /** The store's folder; undefined: a temporary one, removed by `stop`. */
  data: string | undefined;
  port: number;
  seed: number;
  /** FAULTLINE_ADMIN_TOKEN, when set: the login token instead of a new one. */
  adminToken: string | undefined;
  /** The timeline's lines (incidents, the deploy, status). */
  print(line: string): void;
}

/** A running demo: what to print, and how to stop it. */
export interface RunningDemo {
  dashboardUrl: string;
  /** Logs in to the dashboard; also a bearer token for the read API. */
  token: string;
  dataDir: string;
  temporary: boolean;
  /** Stops the load, lets the services finish and flush, closes the collector, removes a temporary folder. */
  stop(): Promise<void>;
}

const ENVIRONMENT = 'demo';

/** `  12s  text`: the run's clock, then what happened. */
function stamp(elapsedMs: number, text: string): string {
  return `${`${Math.floor(elapsedMs / 1000)}s`.padStart(5)}  ${text}`;
}

/**
 * @example const demo = await startDemo({ data: undefined, port: 8000, seed: 1, adminToken: undefined, print: console.log });
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const temporary = options.data === undefined;
  const dataDir = options.data ?? mkdtempSync(join(tmpdir(), 'faultline-demo-'));
  const started = await startServe({
    ...defaultServeSettings(),
    data: dataDir,
    collector: {
      host: DEFAULT_HOST,
      port: options.port,
      ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    },
  }).catch((error: unknown) => {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const { collector, store, dsn } = started;
  const abandon = async (error: unknown): Promise<never> => {
    await collector.close();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  };
  // A reused --data folder already has an admin token, which is never shown again.
  const token =
    options.adminToken ?? started.createdAdminToken ?? (await store.createToken('demo').catch(abandon)).token;
  const api = couponCrashApi(collector.url, token, Number(new URL(dsn).pathname.slice(1)));

  const env: ServiceEnv = { dsn, environment: ENVIRONMENT };
  const db = await startStockDatabase().catch(abandon);
  // Services listen on port 0 and hardly fail to start; if one does, the store is closed (and
  // a temporary folder removed) before the error reaches the command, which exits.
  const inventory = await startInventory(env, db).catch(abandon);
  let orders = await startOrders(env, '1.0.0', inventory.url).catch(abandon);
  const storefront = await startStorefront(env, () => orders.url).catch(abandon);

  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const say = (text: string) => options.print(stamp(elapsed(), text));
  const load = new LoadGenerator(storefront.url, seededRandom(options.seed), elapsed);
  const stopping = new AbortController();
  let retiring: Promise<unknown> | undefined;
  let deploying: Promise<void> | undefined;
  const deploy = () =>
    resolveAndDeploy({
      api,
      startNext: () => startOrders(env, '1.1.0', inventory.url),
      switchTo: (next) => {
        const old = orders;
        orders = next;
        return old;
      },
      say,
      signal: stopping.signal,
    }).then(
      (drain) => {
        retiring = drain;
      },
      (error: unknown) => say(`the deploy failed: ${error instanceof Error ? error.message : String(error)}`),
    );

  const stopTimeline = playTimeline({
    db,
    elapsedMs: elapsed,
    say,
    deploy: () => {
      deploying = deploy();
    },
  });
  const status = setInterval(
    () => say(statusLine(load.tally, storefront.faultline.shedder?.stats().shed ?? 0)),
    DEMO_STATUS_INTERVAL_MS,
  );
  load.start();

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    stopping.abort();
    stopTimeline();
    clearInterval(status);
    await load.stop();
    await deploying;
    // Outermost first, so no service is asked for anything by one still finishing a request.
    const deadline = performance.now() + DEMO_DRAIN_TIMEOUT_MS;
    const services: RunningService[] = [storefront, orders, inventory];
    for (const service of services) await service.drain(deadline);
    await Promise.all([retiring, ...services.map((s) => s.flush())]);
    say(statusLine(load.tally, storefront.faultline.shedder?.stats().shed ?? 0));
    await db.close();
    await collector.close();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    dashboardUrl: started.dashboardUrl,
    token,
    dataDir,
    temporary,
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
