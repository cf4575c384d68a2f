/**
 * Service A, `storefront`: what shoppers call. Checkout and shipping go to orders (whichever
 * release is live); search is answered here, spending CPU on ranking, so a surge of searches
 * overloads its event loop and the shedder refuses what it cannot serve in time. Its search
 * has a bug of its own: it decodes the raw query string, and a bare `%` throws a URIError.
 */

import type { IncomingMessage } from 'node:http';
import { createClient } from '@faultline/client';
import { HttpError } from '@faultline/core';
import { DEMO_STOREFRONT_DEADLINE_MS, DEMO_STOREFRONT_TIMEOUT_MS } from '../limits.js';
import { pathOf, type RunningService, type ServiceEnv, sendJson, startService } from './service-host.js';

/** The storefront's one release (it is not redeployed). */
export const STOREFRONT_RELEASE = 'storefront@2.4.0';

/** CPU one search spends ranking results: a surge of SURGE_REQUESTS_PER_S needs more than one core. */
const SEARCH_CPU_MS = 5;

const CHECKOUT = /^\/checkout\/(\d{1,10})$/;
const SHIPPING = /^\/shipping\/(\d{1,10})$/;

function route(req: IncomingMessage): string | undefined {
  const path = pathOf(req);
  if (CHECKOUT.test(path)) return '/checkout/:cart';
  if (SHIPPING.test(path)) return '/shipping/:cart';
  if (path === '/search') return '/search';
  if (path === '/health') return '/health';
  return undefined;
}

/** The bug: the query is read from the raw URL and decoded by hand. */
function searchTerms(rawUrl: string): string {
  const raw = rawUrl.slice(rawUrl.indexOf('q=') + 2).split('&')[0] ?? '';
  return decodeURIComponent(raw.replaceAll('+', ' '));
}

function rank(terms: string): string[] {
  const until = performance.now() + SEARCH_CPU_MS;
  let score = 0;
  while (performance.now() < until) score = (score * 31 + terms.length) % 1_000_003;
  return [`${terms} #${score % 100}`];
}

/**
 * @example const storefront = await startStorefront(env, () => orders.url);
 */
export function startStorefront(env: ServiceEnv, ordersUrl: () => string): Promise<RunningService> {
  const orders = createClient({ timeout: DEMO_STOREFRONT_TIMEOUT_MS, deadline: DEMO_STOREFRONT_DEADLINE_MS });
  return startService(env, {
    name: 'storefront',
    release: STOREFRONT_RELEASE,
    route,
    shed: true,
    async handle(req, res, faultline) {
      const url = new URL(req.url ?? '/', 'http://storefront');
      const traceparent = faultline.traceparentFor(req);
      const checkout = CHECKOUT.exec(url.pathname)?.[1];
      if (checkout !== undefined) {
        const order = await orders.get(`${ordersUrl()}/orders/${checkout}${url.search}`, { traceparent });
        return sendJson(res, { order });
      }
      const shipping = SHIPPING.exec(url.pathname)?.[1];
      if (shipping !== undefined) {
        const quote = await orders.get(`${ordersUrl()}/shipping/${shipping}${url.search}`, { traceparent });
        return sendJson(res, { quote });
      }
      if (url.pathname === '/search') return sendJson(res, { results: rank(searchTerms(req.url ?? '')) });
      if (url.pathname === '/health') return sendJson(res, { status: 'ok' });
      throw new HttpError(404, `No route for ${req.method} ${url.pathname}`);
    },
  });
}
