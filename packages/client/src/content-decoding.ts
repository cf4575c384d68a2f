/**
 * Response `content-encoding` for the dispatcher transport, which, unlike fetch, hands back
 * the bytes as they came. The client asks for what fetch asks for (acceptEncoding) and
 * decodes it the way fetch does: gzip, deflate (zlib-wrapped or raw, told apart by the first
 * byte, as undici's fetch does) and br. A response with several codings or an unknown one is
 * passed through undecoded, as fetch does.
 */

import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

type Coding = 'gzip' | 'deflate' | 'br';

/**
 * The `accept-encoding` fetch sends (undici: br only over https); a caller's own header wins.
 * @example headers['accept-encoding'] ??= acceptEncoding(req.url);
 */
export function acceptEncoding(url: string): string {
  return url.startsWith('https:') ? 'br, gzip, deflate' : 'gzip, deflate';
}

function codingOf(header: string | string[] | undefined): Coding | undefined {
  if (typeof header !== 'string') return undefined;
  const coding = header.trim().toLowerCase();
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  if (coding === 'deflate' || coding === 'br') return coding;
  return undefined;
}

/** Feeds body chunks through zlib; the zlib stream is made on the first chunk, so an empty
 * body (HEAD, 204) with a content-encoding header ends without an error. */
export class BodyDecoder {
  readonly #coding: Coding;
  readonly #onData: (chunk: Uint8Array) => void;
  readonly #onEnd: () => void;
  readonly #onError: (error: Error) => void;
  #zlib: Transform | undefined = undefined;

  private constructor(
    coding: Coding,
    onData: (chunk: Uint8Array) => void,
    onEnd: () => void,
    onError: (error: Error) => void,
  ) {
    this.#coding = coding;
    this.#onData = onData;
    this.#onEnd = onEnd;
    this.#onError = onError;
  }

  /**
   * A decoder for a `content-encoding` header value, or undefined to pass the body through.
   * @example const decoder = BodyDecoder.for(headers['content-encoding'], sink, finish, fail);
   */
  static for(
    header: string | string[] | undefined,
    onData: (chunk: Uint8Array) => void,
    onEnd: () => void,
    onError: (error: Error) => void,
  ): BodyDecoder | undefined {
    const coding = codingOf(header);
    return coding === undefined ? undefined : new BodyDecoder(coding, onData, onEnd, onError);
  }

  write(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#zlib ??= this.#open(chunk);
    this.#zlib.write(chunk);
  }

  end(): void {
    if (this.#zlib === undefined) this.#onEnd();
    else this.#zlib.end();
  }

  /** Stops decoding (the body was abandoned); no callback runs after this. */
  destroy(): void {
    const zlib = this.#zlib;
    this.#zlib = undefined;
    if (zlib !== undefined) {
      zlib.removeAllListeners();
      zlib.on('error', () => {});
      zlib.destroy();
    }
  }

  #open(first: Uint8Array): Transform {
    const zlib =
      this.#coding === 'gzip'
        ? createGunzip()
        : this.#coding === 'br'
          ? createBrotliDecompress()
          : (first[0]! & 0x0f) === 0x08
            ? createInflate()
            : createInflateRaw();
    zlib.on('data', this.#onData);
    zlib.once('end', this.#onEnd);
    zlib.once('error', this.#onError);
    return zlib;
  }
}
