/**
 * Content-Encoding → a streaming decoder (sentry-protocol.md §5). Relay accepts gzip, deflate
 * (zlib-wrapped, RFC 1950), br and zstd, and strips an empty or `UTF-8` encoding (sentry-ruby 5.x
 * and sentry-java 2.0.0 send those). zstd needs `zlib.createZstdDecompress` (Node ≥ 22.15); on
 * Node 20 it is answered 415, as tower-http (under Relay) answers any encoding it cannot decode.
 */

import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { IngestRejection } from './http-errors.js';

/** zlib's output chunk; bigger than the 16 KiB default so a 100 MiB body is fewer chunks. */
const DECODER_CHUNK_BYTES = 64 * 1024;

export type DecoderFactory = () => Transform;

const zstd = (zlib as unknown as { createZstdDecompress?: (o: object) => Transform }).createZstdDecompress;

const DECODERS: Record<string, DecoderFactory | undefined> = {
  gzip: () => zlib.createGunzip({ chunkSize: DECODER_CHUNK_BYTES }),
  'x-gzip': () => zlib.createGunzip({ chunkSize: DECODER_CHUNK_BYTES }),
  deflate: () => zlib.createInflate({ chunkSize: DECODER_CHUNK_BYTES }),
  br: () => zlib.createBrotliDecompress({ chunkSize: DECODER_CHUNK_BYTES }),
  zstd: zstd ? () => zstd({ chunkSize: DECODER_CHUNK_BYTES }) : undefined,
};

/** Encodings that mean "no encoding": identity, and Relay's two SDK quirks. */
const IGNORED = new Set(['', 'identity', 'utf-8']);

/**
 * The decoder for a Content-Encoding header, or null for identity. Unknown encodings → 415.
 * Stacked codings (`gzip, br`) are legal HTTP but no SDK sends them, so they are 415 too.
 * @example decoderFor('gzip')?.() // a Gunzip stream
 */
export function decoderFor(header: string | undefined): DecoderFactory | null {
  if (header === undefined) return null;
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => !IGNORED.has(c));
  if (codings.length === 0) return null;
  const factory = codings.length === 1 ? DECODERS[codings[0] as string] : undefined;
  if (!factory) throw new IngestRejection(415, `unsupported content encoding "${header.slice(0, 64)}"`);
  return factory;
}
