/**
 * Turns a non-2xx answer into a ProblemError from at most MAX_ERROR_BODY_BYTES of its body:
 * the transports stop reading a 10 MB error page after the first 64 KiB instead of buffering
 * it whole (ky keeps up to 10 MiB; anchors "Also read"). problem+json bodies (RFC 9457) are
 * parsed.
 */

import { parseRetryAfter } from '@faultline/core';
import { MAX_ERROR_TEXT_LENGTH } from './limits.js';
import { ProblemError } from './problem-error.js';

/** The start of an error body: at most MAX_ERROR_BODY_BYTES, and whether more was left unread. */
export interface BoundedBody {
  bytes: Uint8Array;
  truncated: boolean;
}

/**
 * Joins chunks into at most `max` bytes.
 * @example joinBounded([a, b], 65536);
 */
export function joinBounded(chunks: readonly Uint8Array[], max: number): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  const bytes = new Uint8Array(Math.min(size, max));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= bytes.byteLength) break;
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/**
 * Reads up to `max` bytes of a body stream and cancels the rest.
 * @example const { bytes, truncated } = await readBounded(res.body, 64 * 1024);
 */
export async function readBounded(
  stream: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<BoundedBody> {
  if (stream === null) return { bytes: new Uint8Array(0), truncated: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > max) {
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return { bytes: joinBounded(chunks, max), truncated };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ProblemError for a non-2xx answer, from its status, headers and bounded body; `now`
 * dates an HTTP-date Retry-After.
 * @example throw toProblemError(res.status, res.headers, await readBounded(res.body, MAX), req, Date.now());
 */
export function toProblemError(
  status: number,
  headers: Headers,
  body: BoundedBody,
  request: { method: string; url: string },
  now: number,
): ProblemError {
  const text = new TextDecoder().decode(body.bytes);
  const truncated = body.truncated;
  const json = !truncated && /json/i.test(headers.get('content-type') ?? '') ? parseObject(text) : undefined;
  const error = new ProblemError(request, {
    status,
    headers,
    problem: json,
    body: json ? undefined : text.slice(0, MAX_ERROR_TEXT_LENGTH),
    bodyTruncated: truncated,
  });
  const fromBody = json?.retryAfter;
  error.retryAfterMs =
    parseRetryAfter(headers.get('retry-after'), now) ??
    (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0
      ? fromBody * 1000
      : undefined);
  return error;
}
