/**
 * The innermost handler: one fetch. A non-2xx answer becomes a ProblemError (its body read
 * with a bound), a fetch failure a NetworkError that keeps its cause, and unless the call
 * streams, the 2xx body is read here, inside the attempt, so the attempt timeout covers it
 * and a body that stalls can be retried (issue 6 bench S5); buffered-body.ts hands it over.
 */

import { keepBody } from './buffered-body.js';
import type { ClientContext } from './context.js';
import { NetworkError } from './network-error.js';
import { toProblemError } from './problem-body.js';
import { ProblemError } from './problem-error.js';
import type { ClientRequest, Handler } from './types.js';

/** If a wrapper aborted the attempt, its reason (TimeoutError, DeadlineError...) is the error. */
function failure(req: ClientRequest, error: unknown): unknown {
  return req.signal.aborted ? req.signal.reason : new NetworkError(req, error);
}

/**
 * Sends the request with `ctx.fetch`.
 * @example const send = fetchTransport(createContext({})); await send(req);
 */
export function fetchTransport(ctx: ClientContext): Handler {
  return async (req) => {
    let res: Response;
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      };
      if (req.body instanceof ReadableStream) init.duplex = 'half';
      res = await ctx.fetch(req.url, init);
    } catch (error) {
      throw failure(req, error);
    }
    try {
      if (res.status < 200 || res.status > 299) throw await toProblemError(res, req, ctx.now());
      if (req.stream) return res;
      keepBody(res, await res.arrayBuffer());
      return res;
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      throw failure(req, error);
    }
  };
}
