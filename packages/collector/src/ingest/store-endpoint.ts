/**
 * The legacy `/store/` body (sentry-protocol.md §3.6): one JSON event. Old raven clients send
 * base64 of zlib-compressed JSON with no Content-Encoding; like Relay, a body whose first byte is
 * not `{` is base64-decoded, then inflated unless it already is JSON. Inflation is bounded by the
 * event size (zlib's `maxOutputLength`), so a bomb stops there.
 */

import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { IngestRejection } from './http-errors.js';

const inflate = promisify(zlib.inflate);
const OPEN_BRACE = 0x7b;
const BASE64 = /^[A-Za-z0-9+/=_\-\s]*$/;

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  return undefined;
}

/**
 * The JSON bytes of a store body (already HTTP-decoded).
 * @example await storeJsonBytes(Buffer.from('{"message":"hi"}'), 1024 * 1024) // the same bytes
 */
export async function storeJsonBytes(body: Buffer, maxEventBytes: number): Promise<Buffer> {
  const first = firstNonSpace(body);
  if (first === undefined) throw new IngestRejection(400, 'empty store body: expected a JSON event');
  if (first === OPEN_BRACE) return body;
  const text = body.toString('latin1');
  if (!BASE64.test(text)) throw new IngestRejection(400, 'store body is neither JSON nor base64');
  const decoded = Buffer.from(text, 'base64');
  if (firstNonSpace(decoded) === OPEN_BRACE) return decoded;
  try {
    return await inflate(decoded, { maxOutputLength: maxEventBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new IngestRejection(
        413,
        `decompressed store body exceeds MAX_EVENT_BYTES (${maxEventBytes} bytes)`,
      );
    throw new IngestRejection(400, 'failed to read request body: failed to decode base64 zlib payload');
  }
}
