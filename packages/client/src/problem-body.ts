/**
 * Turns a non-2xx response into a ProblemError while reading at most MAX_ERROR_BODY_BYTES:
 * a 10 MB error page is cancelled after the first 64 KiB instead of being buffered whole
 * (ky keeps up to 10 MiB; anchors "Also read"). problem+json bodies (RFC 9457) are parsed.
 */

import { MAX_ERROR_BODY_BYTES, MAX_ERROR_TEXT_LENGTH } from './limits.js';
import { ProblemError } from './problem-error.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * Reads up to `max` bytes of a body and cancels the rest.
 * @example const { text, truncated } = await readBounded(res, 64 * 1024);
 */
export async function readBounded(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (res.body === null) return { text: '', truncated: false };
  const reader = res.body.getReader();
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
  const bytes = new Uint8Array(Math.min(size, max));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { text: new TextDecoder().decode(bytes), truncated };
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
 * The ProblemError for a non-2xx response; `now` dates an HTTP-date Retry-After.
 * @example throw await toProblemError(res, { method: 'GET', url }, Date.now());
 */
export async function toProblemError(
  res: Response,
  request: { method: string; url: string },
  now: number,
): Promise<ProblemError> {
  const { text, truncated } = await readBounded(res, MAX_ERROR_BODY_BYTES);
  const json =
    !truncated && /json/i.test(res.headers.get('content-type') ?? '') ? parseObject(text) : undefined;
  const error = new ProblemError(request, {
    status: res.status,
    headers: res.headers,
    problem: json,
    body: json ? undefined : text.slice(0, MAX_ERROR_TEXT_LENGTH),
    bodyTruncated: truncated,
  });
  const fromBody = json?.retryAfter;
  error.retryAfterMs =
    parseRetryAfter(res.headers.get('retry-after'), now) ??
    (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0
      ? fromBody * 1000
      : undefined);
  return error;
}
