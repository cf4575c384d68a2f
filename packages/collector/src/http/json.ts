/** JSON responses and bounded JSON request bodies for the read API. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LimitExceededError, parseJsonBounded } from '@faultline/core';
import { MAX_API_BODY_BYTES } from '../limits-api.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
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

/** An API error: RFC 9457 body with the status's meaning in `detail`. */
export function sendProblem(res: ServerResponse, status: number, title: string, detail?: string): void {
  const text = JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) });
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Reads a JSON request body of at most MAX_API_BODY_BYTES. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_API_BODY_BYTES)
      throw new LimitExceededError('MAX_API_BODY_BYTES', MAX_API_BODY_BYTES, size, 'request body');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  return parseJsonBounded(Buffer.concat(chunks));
}
