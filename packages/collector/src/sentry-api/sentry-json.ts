/** How the Sentry API's handlers answer: a status and a JSON body, or nothing for 204. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/json.js';
import type { Handler, Params } from '../http/router.js';

/** A route's work: the status and the body to answer (undefined for 204). */
export type SentryRoute = (params: Params, req: IncomingMessage, url: URL) => Promise<[number, unknown]>;

/** @example router.on('GET', '/api/0/organizations/:org/repos', 'project:releases', sentryJson(async () => [200, []])) */
export function sentryJson(work: SentryRoute): Handler {
  return async (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) => {
    const [status, body] = await work(params, req, url);
    if (body === undefined) {
      res.writeHead(status, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    sendJson(res, status, body);
  };
}
