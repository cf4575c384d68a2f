/**
 * The refusals of a body that is too large or will not decode, worded once: the main thread's
 * BodyReader and an ingest worker's one-shot decode (build-batch.ts) answer a body exactly alike.
 */

import { IngestRejection } from './http-errors.js';

/**
 * 413 naming the limits.ts constant that was passed.
 * @example tooLarge('decompressed body', 'MAX_DECOMPRESSED_BYTES', 104857600).status // 413
 */
export function tooLarge(what: string, limit: string, max: number): IngestRejection {
  return new IngestRejection(413, `${what} exceeds ${limit} (${max} bytes)`);
}

/**
 * 400 for a body its Content-Encoding cannot decode, in Relay's wording, with zlib's code.
 * @example decodeError('gzip', Object.assign(new Error('x'), { code: 'Z_DATA_ERROR' })).status // 400
 */
export function decodeError(encoding: string | undefined, err: Error & { code?: string }): IngestRejection {
  const enc = String(encoding ?? '').slice(0, 32);
  return new IngestRejection(
    400,
    `failed to read request body: failed to decode ${enc} payload (${err.code})`,
  );
}
