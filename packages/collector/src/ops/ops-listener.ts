/**
 * The separate listener of `CollectorOptions.metrics.port`: /metrics (no token: the address is
 * what protects it) and /health, nothing else, so it can be exposed to a monitoring network
 * without exposing ingest or the API.
 */

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { sendProblem } from '../http/json.js';
import { RetryAfterResponse } from './retry-after-response.js';

/** A handler of the listener, by exact path. */
export type OpsRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Resolves once listening; rejects when the address cannot be bound.
 * @example const server = await startOpsListener('127.0.0.1', 9464, { '/metrics': route }, console.error)
 */
export async function startOpsListener(
  host: string,
  port: number,
  routes: Record<string, OpsRoute>,
  log: (message: string, error?: unknown) => void,
): Promise<http.Server> {
  const server = http.createServer({ ServerResponse: RetryAfterResponse }, (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route === undefined) {
      req.resume();
      return sendProblem(res, 404, 'Not Found');
    }
    route(req, res).catch((error: unknown) => {
      log(`${req.method} ${path} failed`, error);
      if (res.headersSent) return res.destroy();
      sendProblem(res, 500, 'Internal Server Error', 'see the collector log');
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}
