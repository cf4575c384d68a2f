/**
 * Service C, `inventory`: stock levels (read from its stock database, which the schedule
 * takes down now and then: the origin of the checkout cascade) and carrier quotes (the
 * islands' carrier answers slower than orders waits: the demo's timeout).
 */

import type { IncomingMessage } from 'node:http';
import { HttpError } from '@faultline/core';
import { pathOf, type RunningService, type ServiceEnv, sendJson, startService } from './service-host.js';
import { queryStock, type StockDatabase } from './stock-database.js';

/** Inventory's one release (it is not redeployed). */
export const INVENTORY_RELEASE = 'inventory@3.2.1';

/** The islands' carrier answers after this long: past orders' deadline (DEMO_ORDERS_DEADLINE_MS). */
const SLOW_CARRIER_MS = 900;
/** Every other carrier quote. */
const CARRIER_MS = 15;

const STOCK = /^\/stock\/([\w-]{1,40})$/;
const CARRIER = /^\/carriers\/([a-z]{1,20})$/;

function route(req: IncomingMessage): string | undefined {
  const path = pathOf(req);
  if (STOCK.test(path)) return '/stock/:sku';
  if (CARRIER.test(path)) return '/carriers/:region';
  return undefined;
}

/**
 * @example const inventory = await startInventory(env, db);
 */
export function startInventory(env: ServiceEnv, db: StockDatabase): Promise<RunningService> {
  return startService(env, {
    name: 'inventory',
    release: INVENTORY_RELEASE,
    route,
    async handle(req, res) {
      const path = pathOf(req);
      const sku = STOCK.exec(path)?.[1];
      if (sku !== undefined) return sendJson(res, { sku, available: await queryStock(db.port, sku) });
      const region = CARRIER.exec(path)?.[1];
      if (region !== undefined) {
        await new Promise((r) => setTimeout(r, region === 'islands' ? SLOW_CARRIER_MS : CARRIER_MS));
        return sendJson(res, { region, carrier: region === 'islands' ? 'ferry' : 'truck', days: 2 });
      }
      throw new HttpError(404, `No route for ${req.method} ${path}`);
    },
  });
}
