/**
 * Reads a request body with two bounds: the bytes on the wire and the bytes after decoding.
 * Decoding is streamed and counted chunk by chunk, so a compression bomb (1 GB of zeros in 1 MB
 * of gzip) is refused with 413 as soon as its output passes the bound and the zlib stream is
 * destroyed there, never inflated in full (sentry-protocol.md §5). Chunked bodies without
 * Content-Length work the same way. A corrupt stream is 400 with Relay's wording.
 *
 * On refusal the rest of the request body is left unread; the caller answers with
 * `finishEarly`, which drains or closes the connection.
 */

import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import type { DecoderFactory } from './decompress.js';
import { IngestRejection } from './http-errors.js';
import type { MemoryLease } from './memory-budget.js';

export interface BodyBounds {
  /** Bytes on the wire, and the limits.ts name reported when passed. */
  maxBodyBytes: number;
  bodyLimit: string;
  /** Bytes after decoding, and its name. */
  maxDecodedBytes: number;
  decodedLimit: string;
  timeoutMs: number;
}

function tooLarge(what: string, limit: string, max: number): IngestRejection {
  return new IngestRejection(413, `${what} exceeds ${limit} (${max} bytes)`);
}

/**
 * The decoded body. Rejects with an IngestRejection (413, 400, 408, or 429 from the lease);
 * when the client goes away it rejects with the stream error and nobody is answered.
 * @example const body = await readBody(req, decoderFor(req.headers['content-encoding']), bounds, lease)
 */
export function readBody(
  req: IncomingMessage,
  decoder: DecoderFactory | null,
  bounds: BodyBounds,
  lease: MemoryLease,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > bounds.maxBodyBytes)
    return Promise.reject(tooLarge('request body', bounds.bodyLimit, bounds.maxBodyBytes));

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let raw = 0;
    let decoded = 0;
    let kept = 0;
    let settled = false;
    const dec: Transform | null = decoder ? decoder() : null;
    const timer = setTimeout(
      () => fail(new IngestRejection(408, `request body not received within ${bounds.timeoutMs} ms`)),
      bounds.timeoutMs,
    );

    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      if (dec) {
        dec.off('data', onDecoded);
        dec.destroy(); // frees zlib's native memory now, not at GC
      }
    };
    function fail(err: unknown): void {
      if (settled) return;
      settled = true;
      cleanup();
      req.pause();
      reject(err);
    }
    /** Keeps a chunk charged to the lease; a full memory budget fails the read with 429. */
    function keepOrFail(chunk: Buffer): void {
      try {
        lease.take(chunk.length);
      } catch (err) {
        fail(err);
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    }
    function onDecoded(chunk: Buffer): void {
      if (settled) return;
      decoded += chunk.length;
      if (decoded > bounds.maxDecodedBytes)
        fail(tooLarge('decompressed body', bounds.decodedLimit, bounds.maxDecodedBytes));
      else keepOrFail(chunk);
    }
    function onData(chunk: Buffer): void {
      if (settled) return;
      raw += chunk.length;
      if (raw > bounds.maxBodyBytes) fail(tooLarge('request body', bounds.bodyLimit, bounds.maxBodyBytes));
      else if (!dec) {
        if (raw > bounds.maxDecodedBytes)
          fail(tooLarge('request body', bounds.decodedLimit, bounds.maxDecodedBytes));
        else keepOrFail(chunk);
      } else if (!dec.write(chunk)) {
        // Backpressure: a slow decoder pauses the socket instead of buffering compressed input.
        req.pause();
        dec.once('drain', () => settled || req.resume());
      }
    }
    function done(): void {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, kept));
    }
    function onEnd(): void {
      if (dec) dec.end();
      else done();
    }
    function onAbort(err: Error): void {
      fail(err);
    }
    function onClose(): void {
      if (!req.complete) fail(new Error('client closed the connection before the body was sent'));
    }

    if (dec) {
      dec.on('data', onDecoded);
      dec.once('end', done);
      dec.on('error', (err: Error & { code?: string }) => {
        const enc = String(req.headers['content-encoding'] ?? '').slice(0, 32);
        fail(
          new IngestRejection(
            400,
            `failed to read request body: failed to decode ${enc} payload (${err.code})`,
          ),
        );
      });
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onClose);
  });
}
