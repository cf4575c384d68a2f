/**
 * Hono adapter: a middleware that assigns request ids, an `onError` handler and a
 * `notFound` handler that answer problem+json. Works on @hono/node-server and any runtime.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Faultline } from '../create-faultline.js';
import type { ErrorContext, ErrorResponse } from '../handle-error.js';
import { nodeHeaders } from '../node-response.js';
import type { HeaderGetter } from '../request-id.js';

/** What @hono/node-server passes as `c.env`: the Node request and response under the Fetch ones. */
interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

// Duck-typed, so the adapter still loads on runtimes without node:http (and a Workers binding
// named `incoming` is not mistaken for a Node request).
function nodeBindings(c: Context): NodeBindings | undefined {
  const env = c.env as Partial<NodeBindings> | undefined;
  const incoming = env?.incoming;
  const outgoing = env?.outgoing;
  if (!Array.isArray(incoming?.rawHeaders) || typeof outgoing?.setHeader !== 'function') return undefined;
  return env as NodeBindings;
}

// On @hono/node-server the Node request's raw header list is read directly: `c.req.header()`
// reads `incoming.headers`, which Node builds (every header, names lower-cased) on first access.
function headersOf(c: Context, node = nodeBindings(c)): HeaderGetter {
  return node !== undefined ? nodeHeaders(node.incoming) : (name) => c.req.header(name);
}

// The template of the handler that ran last: after `await next()` in a middleware, and in
// onError, that is the matched route's; '/*' and '*' are middleware or fallback patterns.
function routeOf(c: Context): string | undefined {
  let route: string | undefined;
  try {
    route = routePath(c);
  } catch {
    route = undefined;
  }
  return route === '/*' || route === '*' ? undefined : route;
}

function context(faultline: Faultline, c: Context): ErrorContext {
  return {
    scope: faultline.scope(c.req.raw, headersOf(c)),
    method: c.req.method,
    url: c.req.url,
    route: routeOf(c),
    framework: 'hono',
  };
}

function toResponse(r: ErrorResponse): Response {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

/**
 * `app.use(faultlineHono(faultline))`: assigns the request id, echoes it in X-Request-Id, and sheds load (`shed`).
 * @example
 * import { Hono } from 'hono';
 * import { faultlineHono, faultlineOnError } from '@faultline/server/hono';
 * const app = new Hono();
 * app.use(faultlineHono(faultline));
 * app.onError(faultlineOnError(faultline));
 */
export function faultlineHono(faultline: Faultline): MiddlewareHandler {
  return async (c, next) => {
    const node = nodeBindings(c);
    const scope = faultline.scope(c.req.raw, headersOf(c, node));
    const { requestId } = scope;
    // Reading `c.res.headers` turns @hono/node-server's lightweight response (status, body and
    // a plain header object, one writeHead) into a Fetch `Headers`, built and then iterated back
    // into an object: about 3 of the 7 µs of CPU Faultline added to a Hono /ok. On Node the id
    // goes on the Node response, before the route runs, and writeHead merges the route's headers
    // over it.
    if (node !== undefined && !node.outgoing.headersSent) node.outgoing.setHeader('x-request-id', requestId);
    const shed = faultline.admit(scope, c.req.url);
    if (shed !== undefined) {
      c.res = toResponse(shed);
    } else {
      try {
        await next();
      } catch (error) {
        // Hono hands only Error instances to onError and rethrows anything else (a string,
        // null, a Proxy...), which would reach the runtime as an unhandled failure.
        c.res = toResponse(faultline.handleError(error, context(faultline, c)));
      }
    }
    if (faultline.counting) faultline.finish(scope, c.req.method, routeOf(c), c.res.status);
    if (node === undefined) {
      try {
        c.res.headers.set('x-request-id', requestId);
      } catch {
        // an immutable Response (e.g. a proxied fetch) keeps its own headers
      }
    }
  };
}

/** `app.onError(faultlineOnError(faultline))`: every error becomes a safe problem response. */
export function faultlineOnError(faultline: Faultline): ErrorHandler {
  return (error, c) => toResponse(faultline.handleError(error, context(faultline, c)));
}

/** `app.notFound(faultlineNotFound(faultline))`: unmatched routes get a problem+json 404. */
export function faultlineNotFound(faultline: Faultline): NotFoundHandler {
  return (c) => toResponse(faultline.notFound(context(faultline, c)));
}

/**
 * The `onError` of hono/streaming's `stream()`: a stream that fails after it started is
 * logged as a late error and aborted, so the caller sees a failed response, not a short one.
 * @example
 * return stream(c, async (s) => { await s.write('...'); throw new Error('lost'); }, faultlineStreamError(faultline, c));
 */
export function faultlineStreamError(
  faultline: Faultline,
  c: Context,
): (error: Error, stream: { writer: WritableStreamDefaultWriter }) => Promise<void> {
  return async (error, stream) => {
    faultline.handleLateError(error, context(faultline, c));
    await stream.writer.abort(error).catch(() => undefined);
  };
}
