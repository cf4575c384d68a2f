/**
 * Writing an error to a Node ServerResponse, shared by the node:http, Express and Koa
 * adapters (Fastify and Hono have their own reply objects but the same ErrorResponse).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faultline } from './create-faultline.js';
import type { ErrorContext, ErrorResponse } from './handle-error.js';
import type { HeaderGetter } from './request-id.js';
import { STALE_ON_ERROR } from './response-headers.js';

/**
 * Reads a header from the raw name/value list. Node builds `req.headers` lazily on first
 * access (an object of every header, names lower-cased); a fast route that never reads a
 * header would otherwise pay for that on our account. Names here are lower-case; the raw
 * list keeps the sender's case, so lengths are compared first and case only on a match.
 * Repeated headers are joined with ', ' as `req.headers` does for these names, so a
 * duplicated traceparent or X-Request-Id stays invalid rather than the first one winning.
 */
export function nodeHeaders(req: IncomingMessage): HeaderGetter {
  return (name) => {
    const raw = req.rawHeaders;
    let value: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const key = raw[i] as string;
      if (key.length === name.length && (key === name || key.toLowerCase() === name)) {
        const v = raw[i + 1] as string;
        value = value === undefined ? v : `${value}, ${v}`;
      }
    }
    return value;
  };
}

/** Writes the problem response; if the response already started, cuts the connection. */
export function writeErrorResponse(res: ServerResponse, r: ErrorResponse): void {
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  // Only headers that are set: removing an absent Content-Length or Transfer-Encoding makes
  // Node drop its own framing and answer a keep-alive connection with an unframed body.
  for (const name of STALE_ON_ERROR) if (res.hasHeader(name)) res.removeHeader(name);
  res.statusCode = r.status;
  for (const [name, value] of Object.entries(r.headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(r.body));
  res.end(r.body);
}

/**
 * The whole error path for a Node response: a response that has not started gets the
 * problem body; one that has started is logged as a late error and its socket destroyed,
 * so the caller sees a failure rather than a body that silently stops.
 */
export function failNodeResponse(
  fl: Faultline,
  res: ServerResponse,
  error: unknown,
  ctx: ErrorContext,
): void {
  if (res.headersSent || res.writableEnded) {
    fl.handleLateError(error, ctx);
    res.destroy();
    return;
  }
  writeErrorResponse(res, fl.handleError(error, ctx));
}
