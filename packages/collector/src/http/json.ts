/** JSON responses (the read API's and ingest's) and bounded JSON request bodies. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LimitExceededError, parseJsonBounded } from '@faultline/core';
import { MAX_API_BODY_BYTES } from '../limits.js';

/**
 * Writes a JSON response, once: a second call on a started or destroyed response is ignored.
 * @example sendJson(res, 200, { id: eventId })
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/**
 * Reads a JSON request body of at most `bound.bytes` (MAX_API_BODY_BYTES unless a route names
 * its own bound); an empty body reads as `{}`.
 * @example const body = await readJson(req, { name: 'SENTRY_API_MAX_BODY_BYTES', bytes: SENTRY_API_MAX_BODY_BYTES })
 */
export async function readJson(
  req: IncomingMessage,
  bound: { name: string; bytes: number } = { name: 'MAX_API_BODY_BYTES', bytes: MAX_API_BODY_BYTES },
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > bound.bytes) throw new LimitExceededError(bound.name, bound.bytes, size, 'request body');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  return parseJsonBounded(Buffer.concat(chunks));
}
