/**
 * Reads a request body with two bounds: the bytes on the wire and the bytes after decoding.
 * Decoding is streamed and counted chunk by chunk, so a compression bomb (1 GB of zeros in 1 MB
 * of gzip) is refused with 413 as soon as its output passes the bound and the zlib stream is
 * destroyed there, never inflated in full (sentry-protocol.md §5). Chunked bodies without
 * Content-Length work the same way. A corrupt stream is 400 with Relay's wording; a body too
 * slow for its pace (body-pace.ts) is 408. Every byte kept is charged to the request's lease.
 *
 * A keyless envelope is read in two steps: `firstLine()` reads only up to the first newline (the
 * envelope header with its `dsn`), within a small bound, and pauses there, decoding no more than
 * that line needs; the caller checks the key, then `body()` reads the rest under that key's
 * budget. So a request that names no valid key costs one short line, never its whole body.
 *
 * A small compressed body (the common SDK envelope) whose key is already known is held until it
 * has all arrived and decoded in one synchronous call capped at SYNC_DECODE_MAX_OUTPUT_BYTES;
 * past SYNC_DECODE_MAX_INPUT_BYTES on the wire, or past that output, it goes through the
 * streaming decoder like any other. A keyless body always streams: a one-shot decode needs the
 * whole body, and zlib's one-shot calls cannot stop at a line.
 *
 * On refusal the rest of the request body is left unread; the caller closes the reader and
 * answers with `finishEarly`, which drains or closes the connection.
 */

import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { SYNC_DECODE_MAX_INPUT_BYTES, SYNC_DECODE_MAX_OUTPUT_BYTES } from '../limits.js';
import { decodeError, tooLarge } from './body-errors.js';
import { BodyClock, type BodyPace } from './body-pace.js';
import type { Decoder } from './decompress.js';
import type { MemoryLease } from './memory-budget.js';

export interface BodyBounds {
  /** Bytes on the wire, and the limits.ts name reported when passed. */
  maxBodyBytes: number;
  bodyLimit: string;
  /** Bytes after decoding, and its name. */
  maxDecodedBytes: number;
  decodedLimit: string;
  pace: BodyPace;
}

/** `firstLine()`'s bound: decoded bytes before the first newline, and its limits.ts name. */
export interface LineBound {
  maxBytes: number;
  limit: string;
}

const NEWLINE = 0x0a;

type SyncDecoder = Decoder & Required<Pick<Decoder, 'sync'>>;

interface Pending {
  resolve(bytes: Buffer): void;
  reject(err: unknown): void;
}

/**
 * One request body being read. Listening starts at construction; `firstLine()` (only with a
 * `line` bound) and then `body()` resolve with the decoded bytes; `close()` stops reading.
 * Rejections are IngestRejections (413, 400, 408, or 429 from the lease); when the client goes
 * away it rejects with the stream error and nobody is answered.
 * @example
 * const reader = new BodyReader(req, decoderFor(req.headers['content-encoding']), bounds, lease);
 * try { const body = await reader.body() } finally { reader.close() }
 */
export class BodyReader {
  readonly #req: IncomingMessage;
  readonly #decoder: Decoder | null;
  readonly #bounds: BodyBounds;
  readonly #lease: MemoryLease;
  readonly #line: LineBound | undefined;
  readonly #clock: BodyClock;
  #chunks: Buffer[] = [];
  #kept = 0;
  #raw = 0;
  #decoded = 0;
  /** Offset of the first newline in the kept bytes, once seen (only looked for with a line bound). */
  #newline = -1;
  /** Compressed bytes waiting for a one-shot decode; null once the body streams. */
  #held: Buffer[] | null;
  #dec: Transform | null = null;
  #state: 'reading' | 'ended' | 'failed' | 'closed' = 'reading';
  #error: unknown;
  /** What the reader reads up to now: the first line (only with a line bound), then the body. */
  #phase: 'line' | 'body';
  #pending: Pending | null = null;
  /** Held at the first line until `body()`; waiting for the decoder to drain. */
  #atLine = false;
  #draining = false;

  constructor(
    req: IncomingMessage,
    decoder: Decoder | null,
    bounds: BodyBounds,
    lease: MemoryLease,
    line?: LineBound,
  ) {
    this.#req = req;
    this.#decoder = decoder;
    this.#bounds = bounds;
    this.#lease = lease;
    this.#line = line;
    this.#phase = line ? 'line' : 'body';
    this.#held = decoder?.sync && !line ? [] : null;
    this.#clock = new BodyClock(bounds.pace, (err) => this.#fail(err));
    const declared = Number(req.headers['content-length']);
    req.on('data', this.#onData);
    req.once('end', this.#onEnd);
    req.once('error', this.#onAbort);
    req.once('close', this.#onClose);
    if (Number.isFinite(declared) && declared > bounds.maxBodyBytes)
      this.#fail(tooLarge('request body', bounds.bodyLimit, bounds.maxBodyBytes));
  }

  /** The decoded bytes before the first newline (all of them if the body has none); reading pauses there. */
  firstLine(): Promise<Buffer> {
    if (this.#phase !== 'line')
      return Promise.reject(new Error('firstLine() needs a line bound, before body()'));
    return this.#wait();
  }

  /** The whole decoded body (the first line included). */
  body(): Promise<Buffer> {
    this.#phase = 'body';
    this.#atLine = false;
    return this.#wait();
  }

  /** Stops reading and drops what was read (idempotent); the caller releases the lease. */
  close(): void {
    if (this.#state !== 'reading') return;
    this.#state = 'closed';
    this.#cleanup();
  }

  #wait(): Promise<Buffer> {
    if (this.#state === 'failed') return Promise.reject(this.#error);
    if (this.#state === 'closed') return Promise.reject(new Error('body reader is closed'));
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#progress();
      this.#flow();
    });
  }

  /** Holds reading at the first line once it is there, and settles the pending wait when its phase is done. */
  #progress(): void {
    if (this.#phase === 'line' && this.#line) {
      const { maxBytes, limit } = this.#line;
      const end = this.#newline !== -1 ? this.#newline : this.#state === 'ended' ? this.#kept : -1;
      if (end > maxBytes || (end === -1 && this.#kept > maxBytes)) {
        this.#fail(tooLarge('envelope header of a request without a key', limit, maxBytes));
        return;
      }
      if (end === -1) return;
      if (!this.#atLine) {
        this.#atLine = true;
        this.#flow();
      }
      this.#settle(() => this.#joined().subarray(0, end));
    } else if (this.#phase === 'body' && this.#state === 'ended') this.#settle(() => this.#joined());
  }

  #settle(bytes: () => Buffer): void {
    const pending = this.#pending;
    this.#pending = null;
    pending?.resolve(bytes());
  }

  #joined(): Buffer {
    if (this.#chunks.length !== 1) this.#chunks = [Buffer.concat(this.#chunks, this.#kept)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  /** The socket and the decoder run unless held at the line or the decoder is full. */
  #flow(): void {
    if (this.#state !== 'reading') return;
    if (this.#atLine) {
      this.#req.pause();
      this.#dec?.pause();
      return;
    }
    this.#dec?.resume();
    if (!this.#draining) this.#req.resume();
  }

  #fail(err: unknown): void {
    if (this.#state !== 'reading') return;
    this.#state = 'failed';
    this.#error = err;
    this.#cleanup();
    this.#req.pause();
    const pending = this.#pending;
    this.#pending = null;
    pending?.reject(err);
  }

  #done(): void {
    if (this.#state !== 'reading') return;
    this.#state = 'ended';
    this.#stopListening();
    this.#progress();
  }

  #stopListening(): void {
    this.#clock.stop();
    this.#req.off('data', this.#onData);
    this.#req.off('end', this.#onEnd);
    this.#req.off('error', this.#onAbort);
    this.#req.off('close', this.#onClose);
    this.#held = null;
    if (this.#dec) {
      this.#dec.off('data', this.#onDecoded);
      this.#dec.destroy(); // frees zlib's native memory now, not at GC
      this.#dec = null;
    }
  }

  #cleanup(): void {
    this.#stopListening();
    this.#chunks = [];
  }

  /** Charges bytes to the lease; a full budget fails the read with 429. */
  #charge(bytes: number): boolean {
    try {
      this.#lease.take(bytes);
      return true;
    } catch (err) {
      this.#fail(err);
      return false;
    }
  }

  #keep(chunk: Buffer): void {
    if (!this.#charge(chunk.length)) return;
    if (this.#line && this.#newline === -1) {
      const i = chunk.indexOf(NEWLINE);
      if (i !== -1) this.#newline = this.#kept + i;
    }
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
    this.#progress();
  }

  #decodeError(err: Error & { code?: string }) {
    return decodeError(this.#req.headers['content-encoding'], err);
  }

  #stream(): Transform {
    if (this.#dec) return this.#dec;
    const stream = (this.#decoder as Decoder).stream();
    stream.on('data', this.#onDecoded);
    stream.once('end', () => this.#done());
    stream.on('error', (err: Error) => this.#fail(this.#decodeError(err)));
    this.#dec = stream;
    if (this.#atLine) stream.pause();
    return stream;
  }

  /** The body outgrew the one-shot decode: what is held goes through the streaming decoder. */
  #streamHeld(): Transform {
    const held = this.#held ?? [];
    this.#held = null;
    const stream = this.#stream();
    for (const chunk of held) stream.write(chunk);
    return stream;
  }

  #decodeHeld(d: SyncDecoder, input: Buffer[]): void {
    const b = this.#bounds;
    const cap = Math.min(b.maxDecodedBytes, SYNC_DECODE_MAX_OUTPUT_BYTES);
    let out: Buffer;
    try {
      out = d.sync(input.length === 1 ? (input[0] as Buffer) : Buffer.concat(input), cap);
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code !== 'ERR_BUFFER_TOO_LARGE') this.#fail(this.#decodeError(e));
      else if (cap >= b.maxDecodedBytes)
        this.#fail(tooLarge('decompressed body', b.decodedLimit, b.maxDecodedBytes));
      else this.#streamHeld().end();
      return;
    }
    this.#decoded = out.length;
    this.#keep(out);
    this.#done();
  }

  readonly #onDecoded = (chunk: Buffer): void => {
    if (this.#state !== 'reading') return;
    this.#decoded += chunk.length;
    const b = this.#bounds;
    if (this.#decoded > b.maxDecodedBytes)
      this.#fail(tooLarge('decompressed body', b.decodedLimit, b.maxDecodedBytes));
    else this.#keep(chunk);
  };

  readonly #onData = (chunk: Buffer): void => {
    if (this.#state !== 'reading') return;
    const b = this.#bounds;
    this.#raw += chunk.length;
    this.#clock.received(this.#raw);
    if (this.#raw > b.maxBodyBytes) this.#fail(tooLarge('request body', b.bodyLimit, b.maxBodyBytes));
    else if (!this.#decoder) {
      if (this.#raw > b.maxDecodedBytes)
        this.#fail(tooLarge('request body', b.decodedLimit, b.maxDecodedBytes));
      else this.#keep(chunk);
    } else if (this.#held) {
      if (!this.#charge(chunk.length)) return;
      this.#held.push(chunk);
      if (this.#raw > SYNC_DECODE_MAX_INPUT_BYTES) this.#streamHeld();
    } else if (!this.#stream().write(chunk)) {
      // Backpressure: a slow decoder pauses the socket instead of buffering compressed input.
      this.#draining = true;
      this.#req.pause();
      this.#dec?.once('drain', () => {
        this.#draining = false;
        this.#flow();
      });
    }
  };

  readonly #onEnd = (): void => {
    if (this.#held && this.#decoder?.sync) this.#decodeHeld(this.#decoder as SyncDecoder, this.#held);
    else if (this.#decoder) this.#stream().end();
    else this.#done();
  };

  readonly #onAbort = (err: Error): void => this.#fail(err);

  readonly #onClose = (): void => {
    if (!this.#req.complete) this.#fail(new Error('client closed the connection before the body was sent'));
  };
}
