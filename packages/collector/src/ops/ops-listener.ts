/**
 * The separate listener of `CollectorOptions.metrics.port`: /metrics (no token: the address is
 * what protects it) and /health, nothing else, so it can be exposed to a monitoring network
 * without exposing ingest or the API.
 */

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notFound } from '@faultline/core';
import { sendProblem, toApiError } from '../http/api-problem.js';
import { RetryAfterResponse } from './retry-after-response.js';

/** A handler of the listener, by exact path. */
export type OpsRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface OpsListener {
  /** e.g. http://127.0.0.1:9464 (the port actually bound when 0 was asked). */
  url: string;
  /** Stops accepting and closes idle connections; resolves when all are closed. */
  close(): Promise<void>;
}

/**
 * Resolves once listening; rejects when the address cannot be bound.
 * @example const ops = await startOpsListener('127.0.0.1', 9464, { '/metrics': route }, console.error)
 */
export async function startOpsListener(
  host: string,
  port: number,
  routes: Record<string, OpsRoute>,
  log: (message: string, error?: unknown) => void,
): Promise<OpsListener> {
  const server = http.createServer({ ServerResponse: RetryAfterResponse }, (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route === undefined) {
      req.resume();
      return sendProblem(res, notFound());
    }
    route(req, res).catch((error: unknown) => {
      const answer = toApiError(error);
      if (answer.status >= 500) log(`${req.method} ${path} failed`, error);
      sendProblem(res, answer);
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  const { address, family, port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${family === 'IPv6' ? `[${address}]` : address}:${bound}`,
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return closed;
    },
  };
}
