/**
 * One demo service: a node:http server on an ephemeral 127.0.0.1 port behind Faultline's
 * node adapter, reporting to the demo's collector with its name and release. Closing it
 * stops accepting, lets the requests it holds finish (until a deadline), then flushes its
 * reporter (the events it queued and its last per-route counts).
 */

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultline, type Faultline, type Logger, type ShedOptions } from '@faultline/server';
import { faultlineHandler } from '@faultline/server/node';
import { DEMO_FLUSH_TIMEOUT_MS, DEMO_RATES_INTERVAL_MS } from '../limits.js';

/** Where a service reports, shared by the three. */
export interface ServiceEnv {
  dsn: string;
  environment: string;
}

/** What makes one service: its name and release, its routes and its handler. */
export interface ServiceSpec {
  name: string;
  release: string;
  /** The route template of a request (for the rates and the event's transaction). */
  route(req: IncomingMessage): string | undefined;
  handle(req: IncomingMessage, res: ServerResponse, faultline: Faultline): Promise<void>;
  shed?: ShedOptions | boolean;
}

/** A listening service, as the runner stops it: drain, then flush. */
export interface RunningService {
  readonly name: string;
  readonly release: string;
  readonly url: string;
  readonly faultline: Faultline;
  /** Stops accepting and waits for the requests in flight, at most until `deadline` (performance.now()). */
  drain(deadline: number): Promise<void>;
  /** Sends what the reporter holds (at most DEMO_FLUSH_TIMEOUT_MS), then stops it. */
  flush(): Promise<boolean>;
}

/**
 * The services' own log lines are not printed: the demo's terminal shows its timeline, and
 * every error a service logs is also an event in the collector, where the demo is looked at.
 */
const quiet: Logger = { error() {}, warn() {}, info() {}, fatal() {} };

/**
 * The path of a request without its query.
 * @example pathOf(req) // '/orders/42' for GET /orders/42?coupon=VIP
 */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * A JSON 200.
 * @example sendJson(res, { ok: true });
 */
export function sendJson(res: ServerResponse, body: unknown): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * @example const inventory = await startService(env, { name: 'inventory', release: 'inventory@3.2.1', route, handle });
 */
export async function startService(env: ServiceEnv, spec: ServiceSpec): Promise<RunningService> {
  const faultline = createFaultline({
    service: spec.name,
    release: spec.release,
    environment: env.environment,
    dsn: env.dsn,
    logger: quiet,
    rates: { intervalMs: DEMO_RATES_INTERVAL_MS },
    ...(spec.shed === undefined ? {} : { shed: spec.shed }),
  });
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server = http.createServer(
    faultlineHandler(
      faultline,
      (req, res) => {
        inFlight++;
        res.once('close', () => {
          inFlight--;
          if (inFlight === 0) idle?.();
        });
        return spec.handle(req, res, faultline);
      },
      { route: spec.route },
    ),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    name: spec.name,
    release: spec.release,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faultline,
    async drain(deadline) {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const left = Math.max(0, deadline - performance.now());
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            idle = resolve;
          }),
          new Promise((resolve) => {
            timer = setTimeout(resolve, left);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
    },
    flush: () => faultline.close(DEMO_FLUSH_TIMEOUT_MS),
  };
}
