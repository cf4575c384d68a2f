/**
 * Content-Encoding → a streaming decoder (sentry-protocol.md §5). Relay accepts gzip, deflate
 * (zlib-wrapped, RFC 1950), br and zstd, and strips an empty or `UTF-8` encoding (sentry-ruby 5.x
 * and sentry-java 2.0.0 send those). zstd needs `zlib.createZstdDecompress` (Node ≥ 22.15); on
 * Node 20 it is answered 415, as tower-http (under Relay) answers any encoding it cannot decode.
 */

import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { DECODER_CHUNK_BYTES } from '../limits.js';
import { IngestRejection } from './http-errors.js';

/** One Content-Encoding: a streaming decoder, and a one-shot one for small bodies. */
export interface Decoder {
  stream(): Transform;
  /** Decodes `input` at once; throws ERR_BUFFER_TOO_LARGE past `maxOutputLength` bytes. */
  sync?(input: Buffer, maxOutputLength: number): Buffer;
}

type Zlib = typeof zlib & {
  createZstdDecompress?: (o: object) => Transform;
};
const z = zlib as Zlib;

const gzip: Decoder = {
  stream: () => zlib.createGunzip({ chunkSize: DECODER_CHUNK_BYTES }),
  sync: (input, maxOutputLength) => zlib.gunzipSync(input, { maxOutputLength }),
};

const DECODERS: Record<string, Decoder | undefined> = {
  gzip,
  'x-gzip': gzip,
  deflate: {
    stream: () => zlib.createInflate({ chunkSize: DECODER_CHUNK_BYTES }),
    sync: (input, maxOutputLength) => zlib.inflateSync(input, { maxOutputLength }),
  },
  br: {
    stream: () => zlib.createBrotliDecompress({ chunkSize: DECODER_CHUNK_BYTES }),
    sync: (input, maxOutputLength) => zlib.brotliDecompressSync(input, { maxOutputLength }),
  },
  zstd: z.createZstdDecompress
    ? {
        stream: () =>
          (z.createZstdDecompress as NonNullable<Zlib['createZstdDecompress']>)({
            chunkSize: DECODER_CHUNK_BYTES,
          }),
      }
    : undefined,
};

/** Encodings that mean "no encoding": identity, and Relay's two SDK quirks. */
const IGNORED = new Set(['', 'identity', 'utf-8']);

/**
 * The decoder for a Content-Encoding header, or null for identity. Unknown encodings → 415.
 * Stacked codings (`gzip, br`) are legal HTTP but no SDK sends them, so they are 415 too.
 * @example decoderFor('gzip')?.stream() // a Gunzip stream
 */
export function decoderFor(header: string | undefined): Decoder | null {
  if (header === undefined) return null;
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => !IGNORED.has(c));
  if (codings.length === 0) return null;
  const decoder = codings.length === 1 ? DECODERS[codings[0] as string] : undefined;
  if (!decoder) throw new IngestRejection(415, `unsupported content encoding "${header.slice(0, 64)}"`);
  return decoder;
}
