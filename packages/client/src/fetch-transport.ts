/**
 * The transport over a `fetch` (used when the caller passes `fetch`; the default is
 * dispatcher-transport.ts): one fetch per attempt. A non-2xx answer becomes a ProblemError
 * (its body read with a bound), a fetch failure a NetworkError that keeps its cause, and
 * unless the call streams, the 2xx body is read here, inside the attempt, so the attempt
 * timeout covers it and a body that stalls can be retried (issue 6 bench S5).
 */

import type { ClientContext } from './context.js';
import { MAX_ERROR_BODY_BYTES } from './limits.js';
import { NetworkError } from './network-error.js';
import { readBounded, toProblemError } from './problem-body.js';
import { ProblemError } from './problem-error.js';
import type { Reply } from './reply.js';
import type { ClientRequest, Handler } from './types.js';

/** If a wrapper stopped the attempt, its reason (TimeoutError, DeadlineError...) is the error. */
function failure(req: ClientRequest, error: unknown): unknown {
  return req.stop.stopped ? req.stop.reason : new NetworkError(req, error);
}

/**
 * Sends each attempt with `fetchFn`.
 * @example const send = fetchTransport(globalThis.fetch, createContext({})); await send(req);
 */
export function fetchTransport(fetchFn: typeof fetch, ctx: ClientContext): Handler {
  return async (req) => {
    let res: Response;
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.stop.signal(),
      };
      if (req.body instanceof ReadableStream) init.duplex = 'half';
      res = await fetchFn(req.url, init);
    } catch (error) {
      throw failure(req, error);
    }
    try {
      if (res.status < 200 || res.status > 299) {
        const body = await readBounded(res.body, MAX_ERROR_BODY_BYTES);
        throw toProblemError(res.status, res.headers, body, req, ctx.now());
      }
      const reply: Reply = {
        status: res.status,
        statusText: res.statusText,
        url: res.url || req.url,
        headers: () => res.headers,
        bytes: req.stream ? undefined : new Uint8Array(await res.arrayBuffer()),
        stream: req.stream ? res.body : null,
      };
      return reply;
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      throw failure(req, error);
    }
  };
}
