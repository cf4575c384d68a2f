/**
 * Service B, `orders`, in two releases: prices an order (checking stock with inventory, then
 * applying the cart's coupon) and quotes shipping (asking inventory for a carrier). Its coupon
 * code has a bug: a code missing from the release's table crashes the request with a
 * TypeError. 1.0.0 crashes on an expired code only; 1.1.0, deployed mid-run after that crash
 * was marked resolved, retires the WELCOME campaign and so crashes more often: a regression,
 * and a release with a higher 5xx rate.
 */

import type { IncomingMessage } from 'node:http';
import { createClient } from '@faultline/client';
import { HttpError } from '@faultline/core';
import { DEMO_ORDERS_DEADLINE_MS, DEMO_ORDERS_TIMEOUT_MS } from '../limits.js';
import { pathOf, type RunningService, type ServiceEnv, sendJson, startService } from './service-host.js';

/** The releases of orders the demo runs: 1.0.0 first, then 1.1.0. */
export type OrdersVersion = '1.0.0' | '1.1.0';

/** Each release's coupons: percent off by code. */
const COUPONS: Record<OrdersVersion, Readonly<Record<string, { percent: number }>>> = {
  '1.0.0': { WELCOME: { percent: 10 }, VIP: { percent: 20 } },
  '1.1.0': { VIP: { percent: 20 }, SUMMER: { percent: 15 } },
};

const ORDER = /^\/orders\/(\d{1,10})$/;
const SHIPPING = /^\/shipping\/(\d{1,10})$/;

function route(req: IncomingMessage): string | undefined {
  const path = pathOf(req);
  if (ORDER.test(path)) return '/orders/:cart';
  if (SHIPPING.test(path)) return '/shipping/:cart';
  return undefined;
}

/** The bug: `coupons[code]` is undefined for a code the release does not know. */
function applyCoupon(
  total: number,
  code: string | null,
  coupons: Readonly<Record<string, { percent: number }>>,
): number {
  if (code === null) return total;
  const coupon = coupons[code] as { percent: number };
  return Math.round(total * (100 - coupon.percent)) / 100;
}

/**
 * @example const orders = await startOrders(env, '1.0.0', inventory.url);
 */
export function startOrders(
  env: ServiceEnv,
  version: OrdersVersion,
  inventoryUrl: string,
): Promise<RunningService> {
  const inventory = createClient({ timeout: DEMO_ORDERS_TIMEOUT_MS, deadline: DEMO_ORDERS_DEADLINE_MS });
  return startService(env, {
    name: 'orders',
    release: `orders@${version}`,
    route,
    async handle(req, res, faultline) {
      const url = new URL(req.url ?? '/', 'http://orders');
      const traceparent = faultline.traceparentFor(req);
      const cart = ORDER.exec(url.pathname)?.[1];
      if (cart !== undefined) {
        const sku = `sku-${Number(cart) % 50}`;
        const stock = await inventory.get<{ available: number }>(`${inventoryUrl}/stock/${sku}`, {
          traceparent,
        });
        const total = applyCoupon(40 + (Number(cart) % 60), url.searchParams.get('coupon'), COUPONS[version]);
        return sendJson(res, { cart: Number(cart), sku, available: stock.available, total });
      }
      const shippingCart = SHIPPING.exec(url.pathname)?.[1];
      if (shippingCart !== undefined) {
        const region = url.searchParams.get('region') ?? 'mainland';
        const quote = await inventory.get(`${inventoryUrl}/carriers/${encodeURIComponent(region)}`, {
          traceparent,
        });
        return sendJson(res, { cart: Number(shippingCart), quote });
      }
      throw new HttpError(404, `No route for ${req.method} ${pathOf(req)}`);
    },
  });
}
