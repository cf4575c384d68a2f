/**
 * node:http adapter: wraps a `(req, res)` listener so that a throw or a rejected promise
 * becomes a problem response (or, after the response started, a logged cut-off).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faultline } from '../create-faultline.js';
import type { ErrorContext } from '../handle-error.js';
import { failNodeResponse, nodeHeaders, writeErrorResponse } from '../node-response.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface NodeAdapterOptions {
  /** The route template of a request, when your own router knows it (for logs and rates). */
  route?: (req: IncomingMessage) => string | undefined;
}

/**
 * @example
 * import http from 'node:http';
 * import { createFaultline } from '@faultline/server';
 * import { faultlineHandler } from '@faultline/server/node';
 * const faultline = createFaultline({ service: 'api' });
 * http.createServer(faultlineHandler(faultline, (req, res) => { throw new Error('boom'); })).listen(3000);
 */
export function faultlineHandler(
  faultline: Faultline,
  handler: NodeHandler,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const scope = faultline.scope(req, nodeHeaders(req));
    res.setHeader('x-request-id', scope.requestId);
    if (faultline.counting) {
      res.once('close', () =>
        faultline.finish(scope, req.method ?? 'GET', options.route?.(req), res.statusCode),
      );
    }
    const shed = faultline.admit(scope, req.url ?? '/');
    if (shed !== undefined) {
      writeErrorResponse(res, shed);
      return;
    }
    const fail = (error: unknown) => {
      const ctx: ErrorContext = {
        scope,
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        route: options.route?.(req),
        framework: 'node',
      };
      failNodeResponse(faultline, res, error, ctx);
    };
    try {
      const result = handler(req, res);
      if (
        result !== null &&
        typeof result === 'object' &&
        typeof (result as Promise<unknown>).then === 'function'
      ) {
        (result as Promise<unknown>).then(undefined, fail);
      }
    } catch (error) {
      fail(error);
    }
  };
}
