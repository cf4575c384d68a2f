/**
 * Reads a request body with two bounds: the bytes on the wire and the bytes after decoding.
 * Decoding is streamed and counted chunk by chunk, so a compression bomb (1 GB of zeros in 1 MB
 * of gzip) is refused with 413 as soon as its output passes the bound and the zlib stream is
 * destroyed there, never inflated in full (sentry-protocol.md §5). Chunked bodies without
 * Content-Length work the same way. A corrupt stream is 400 with Relay's wording.
 *
 * A small compressed body (the common SDK envelope) is held until it has all arrived and decoded
 * in one synchronous call capped at SYNC_DECODE_MAX_OUTPUT_BYTES; past SYNC_DECODE_MAX_INPUT_BYTES
 * on the wire, or past that output, it goes through the streaming decoder like any other.
 *
 * On refusal the rest of the request body is left unread; the caller answers with
 * `finishEarly`, which drains or closes the connection.
 */

import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { SYNC_DECODE_MAX_INPUT_BYTES, SYNC_DECODE_MAX_OUTPUT_BYTES } from '../limits.js';
import type { Decoder } from './decompress.js';
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
  decoder: Decoder | null,
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
    // Compressed bytes waiting for a one-shot decode; null once the body streams.
    let held: Buffer[] | null = decoder?.sync ? [] : null;
    let dec: Transform | null = decoder && !held ? startStream(decoder) : null;
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
      held = null;
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
    /** Charges bytes to the lease; a full memory budget fails the read with 429. */
    function charge(bytes: number): boolean {
      try {
        lease.take(bytes);
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    }
    function keepOrFail(chunk: Buffer): void {
      if (!charge(chunk.length)) return;
      chunks.push(chunk);
      kept += chunk.length;
    }
    function decodeError(err: Error & { code?: string }): IngestRejection {
      const enc = String(req.headers['content-encoding'] ?? '').slice(0, 32);
      return new IngestRejection(
        400,
        `failed to read request body: failed to decode ${enc} payload (${err.code})`,
      );
    }
    function startStream(d: Decoder): Transform {
      const stream = d.stream();
      stream.on('data', onDecoded);
      stream.once('end', done);
      stream.on('error', (err: Error) => fail(decodeError(err)));
      return stream;
    }
    /** The body outgrew the one-shot decode: what is held goes through the streaming decoder. */
    function streamHeld(d: Decoder): Transform {
      const stream = startStream(d);
      for (const chunk of held ?? []) stream.write(chunk);
      held = null;
      dec = stream;
      return stream;
    }
    function decodeHeld(d: Decoder & Required<Pick<Decoder, 'sync'>>, input: Buffer[]): void {
      const cap = Math.min(bounds.maxDecodedBytes, SYNC_DECODE_MAX_OUTPUT_BYTES);
      let out: Buffer;
      try {
        out = d.sync(input.length === 1 ? (input[0] as Buffer) : Buffer.concat(input), cap);
      } catch (err) {
        const e = err as Error & { code?: string };
        if (e.code !== 'ERR_BUFFER_TOO_LARGE') fail(decodeError(e));
        else if (cap >= bounds.maxDecodedBytes)
          fail(tooLarge('decompressed body', bounds.decodedLimit, bounds.maxDecodedBytes));
        else streamHeld(d).end();
        return;
      }
      decoded = out.length;
      keepOrFail(out);
      done();
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
      else if (!decoder) {
        if (raw > bounds.maxDecodedBytes)
          fail(tooLarge('request body', bounds.decodedLimit, bounds.maxDecodedBytes));
        else keepOrFail(chunk);
      } else if (held) {
        if (!charge(chunk.length)) return;
        held.push(chunk);
        if (raw > SYNC_DECODE_MAX_INPUT_BYTES) streamHeld(decoder);
      } else if (dec && !dec.write(chunk)) {
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
      if (held && decoder?.sync) decodeHeld(decoder as Decoder & Required<Pick<Decoder, 'sync'>>, held);
      else if (dec) dec.end();
      else done();
    }
    function onAbort(err: Error): void {
      fail(err);
    }
    function onClose(): void {
      if (!req.complete) fail(new Error('client closed the connection before the body was sent'));
    }

    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onClose);
  });
}
