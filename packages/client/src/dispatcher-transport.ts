/**
 * The default transport: one `dispatch` per attempt on an undici Dispatcher. On Node 20 it
 * costs a fraction of fetch's CPU per call (bench/client overhead: fetch builds a Request, a
 * Response, web streams and, given a signal, a listener, a WeakRef and a finalizer), and its
 * abort is a plain function, so the attempt's stop needs no AbortSignal.
 *
 * Same contract as fetch-transport.ts: a non-2xx answer becomes a ProblemError (at most
 * MAX_ERROR_BODY_BYTES read, then the request is aborted); a failure below HTTP a
 * NetworkError that keeps undici's error as its cause; a 2xx body is read inside the attempt
 * unless the call streams, in which case it flows with backpressure into a ReadableStream.
 * Like fetch it follows redirects (undici's RedirectHandler, at most MAX_REDIRECTS, which
 * drops credentials across origins), asks for and decodes gzip/deflate/br, and encodes
 * URLSearchParams, FormData and string bodies with fetch's content types.
 *
 * Road not taken: undici's redirect interceptor around every dispatch. It builds a handler
 * and a URL per request, ~2 µs, a third of the client's own CPU per call; here the handler
 * is made only when a redirect arrives.
 */

import { type Dispatcher, RedirectHandler } from 'undici';
import { acceptEncoding, BodyDecoder } from './content-decoding.js';
import type { ClientContext } from './context.js';
import { MAX_ERROR_BODY_BYTES, MAX_REDIRECTS, STREAM_BUFFER_BYTES } from './limits.js';
import { NetworkError } from './network-error.js';
import { joinBounded, toProblemError } from './problem-body.js';
import { type Reply, toHeaders } from './reply.js';
import type { ClientRequest, Handler } from './types.js';

type RawHeaders = Record<string, string | string[] | undefined>;

/** Statuses undici's RedirectHandler follows. */
const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 307, 308]);

/** Aborts a request whose error body has been read far enough; never seen by the caller. */
const ENOUGH_READ = new Error('error body truncated');

/** The path (and query) to dispatch: the URL after its origin, without a fragment. */
function pathOf(req: ClientRequest): string {
  const url = req.url;
  let path = url.startsWith(req.origin) ? url.slice(req.origin.length) : undefined;
  if (path === undefined) {
    const parsed = new URL(url);
    path = parsed.pathname + parsed.search;
  }
  const hash = path.indexOf('#');
  if (hash !== -1) path = path.slice(0, hash);
  return path === '' ? '/' : path;
}

/** The body as undici takes it, with the content type fetch would add. */
function bodyOf(req: ClientRequest): { body: Dispatcher.DispatchOptions['body']; type: string | undefined } {
  const body = req.body;
  if (body === null || body === undefined) return { body: null, type: undefined };
  if (typeof body === 'string') return { body, type: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams)
    return { body: body.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof FormData) {
    // undici 7 cannot encode the global FormData of Node 20 (its bundled undici 6's class);
    // fetch's own Response does, with the multipart boundary in its content type.
    const encoded = new Response(body);
    return {
      body: encoded.body as unknown as Dispatcher.DispatchOptions['body'],
      type: encoded.headers.get('content-type') ?? undefined,
    };
  }
  // ArrayBuffer, views, Blob (undici sets its type) and web ReadableStream: undici writes them.
  return { body: body as Dispatcher.DispatchOptions['body'], type: undefined };
}

/** One attempt's undici handler: collects, bounds or streams the body, then settles. */
class AttemptHandler implements Dispatcher.DispatchHandler {
  readonly #req: ClientRequest;
  readonly #dispatcher: Dispatcher;
  readonly #opts: Dispatcher.DispatchOptions;
  /** Made when the first redirect arrives; it then drives the later hops. */
  #redirect: Dispatcher.DispatchHandler | undefined = undefined;
  /** True while the first hop's redirect answer is relayed to #redirect. */
  #relaying = false;
  readonly #now: () => number;
  readonly #resolve: (reply: Reply) => void;
  readonly #reject: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined = undefined;
  #history: URL[] | undefined = undefined;
  #status = 0;
  #statusText = '';
  #headers: RawHeaders = {};
  #chunks: Uint8Array[] = [];
  #size = 0;
  #decoder: BodyDecoder | undefined = undefined;
  /** 'buffer' a 2xx, 'error' a non-2xx (bounded), 'stream' a 2xx of a stream: true call. */
  #mode: 'buffer' | 'error' | 'stream' = 'buffer';
  #stream: ReadableStreamDefaultController<Uint8Array> | undefined = undefined;
  #settled = false;
  #ended = false;

  constructor(
    req: ClientRequest,
    dispatcher: Dispatcher,
    opts: Dispatcher.DispatchOptions,
    now: () => number,
    resolve: (r: Reply) => void,
    reject: (e: unknown) => void,
  ) {
    this.#req = req;
    this.#dispatcher = dispatcher;
    this.#opts = opts;
    this.#now = now;
    this.#resolve = resolve;
    this.#reject = reject;
    // Until undici starts the request (it may wait for a connection), a stop settles the
    // attempt at once; onRequestStart then aborts what undici has queued.
    req.stop.onStop((reason) => this.#fail(reason));
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: { history?: URL[] } | undefined): void {
    // Called again for each redirect hop, with that hop's controller.
    this.#controller = controller;
    this.#history = context?.history;
    this.#req.stop.onStop((reason) => {
      controller.abort(reason as Error);
      this.#fail(reason);
    });
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: RawHeaders,
    statusText?: string,
  ): void {
    if (status < 200) return; // 1xx informational answers
    if (this.#redirect === undefined && REDIRECT_STATUSES.has(status) && headers.location !== undefined) {
      this.#startRedirect(controller, status, headers, statusText);
      return;
    }
    this.#status = status;
    this.#statusText = statusText ?? '';
    this.#headers = headers;
    this.#mode = status > 299 ? 'error' : this.#req.stream ? 'stream' : 'buffer';
    this.#decoder = BodyDecoder.for(
      headers['content-encoding'],
      (chunk) => this.#take(chunk),
      () => this.#finish(),
      (error) => this.#fail(error),
    );
    if (this.#mode === 'stream') {
      let resuming = false;
      const stream = new ReadableStream<Uint8Array>(
        {
          start: (c) => {
            this.#stream = c;
          },
          // Resumed from a later turn: undici 7 resumed from inside a read (pull runs
          // synchronously in reader.read()) delivered empty, detached chunks and then stalled.
          pull: () => {
            if (resuming || !controller.paused) return;
            resuming = true;
            setImmediate(() => {
              resuming = false;
              controller.resume();
            });
          },
          cancel: (reason) => {
            this.#ended = true;
            this.#decoder?.destroy();
            controller.abort(reason instanceof Error ? reason : new Error('body cancelled'));
          },
        },
        new ByteLengthQueuingStrategy({ highWaterMark: STREAM_BUFFER_BYTES }),
      );
      this.#settle(this.#reply(undefined, stream));
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#relaying) this.#redirect!.onResponseData?.(controller, chunk);
    else if (this.#decoder === undefined) this.#take(chunk);
    else this.#decoder.write(chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: RawHeaders): void {
    if (this.#relaying) {
      // The redirect handler ignores the 3xx body and dispatches the next hop, which reports
      // to this handler through it.
      this.#relaying = false;
      try {
        this.#redirect!.onResponseEnd?.(controller, trailers as Record<string, string>);
      } catch (error) {
        this.#fail(error);
      }
      return;
    }
    if (this.#decoder === undefined) this.#finish();
    else this.#decoder.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#decoder?.destroy();
    this.#fail(error);
  }

  /**
   * Hands the first redirect to undici's RedirectHandler, which decides (method, headers,
   * limit, loops) and follows it; when it declines, it calls onResponseStart back at once and
   * the 3xx is the answer.
   */
  #startRedirect(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: RawHeaders,
    statusText: string | undefined,
  ): void {
    const dispatch = (opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) =>
      this.#dispatcher.dispatch(opts, handler);
    const redirect: Dispatcher.DispatchHandler = new RedirectHandler(
      dispatch,
      MAX_REDIRECTS,
      this.#opts,
      this,
    );
    this.#redirect = redirect;
    try {
      redirect.onResponseStart?.(controller, status, headers as Record<string, string>, statusText);
    } catch (error) {
      controller.abort(error as Error);
      this.#fail(error);
      return;
    }
    this.#relaying = (redirect as unknown as { location: string | null }).location != null;
  }

  /** A body chunk (decoded). */
  #take(chunk: Uint8Array): void {
    if (this.#ended) return;
    if (this.#mode === 'stream') {
      const stream = this.#stream!;
      stream.enqueue(chunk);
      if ((stream.desiredSize ?? 1) <= 0) this.#controller?.pause();
      return;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.byteLength;
    if (this.#mode === 'error' && this.#size > MAX_ERROR_BODY_BYTES) {
      this.#problem(true);
      this.#decoder?.destroy();
      this.#controller?.abort(ENOUGH_READ);
    }
  }

  #finish(): void {
    if (this.#ended) return;
    if (this.#mode === 'stream') {
      this.#ended = true;
      this.#stream?.close();
    } else if (this.#mode === 'error') this.#problem(false);
    else {
      const chunks = this.#chunks;
      const bytes = chunks.length === 1 ? chunks[0]! : joinBounded(chunks, this.#size);
      this.#settle(this.#reply(bytes, null));
    }
  }

  #fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#decoder?.destroy();
    const stop = this.#req.stop;
    const reason = stop.stopped ? stop.reason : new NetworkError(this.#req, error);
    if (this.#settled) this.#stream?.error(reason);
    else {
      this.#settled = true;
      this.#reject(reason);
    }
  }

  #problem(truncated: boolean): void {
    this.#ended = true;
    if (this.#settled) return;
    this.#settled = true;
    const body = { bytes: joinBounded(this.#chunks, MAX_ERROR_BODY_BYTES), truncated };
    this.#reject(toProblemError(this.#status, toHeaders(this.#headers), body, this.#req, this.#now()));
  }

  #reply(bytes: Uint8Array | undefined, stream: ReadableStream<Uint8Array> | null): Reply {
    const raw = this.#headers;
    let built: Headers | undefined;
    const history = this.#history;
    return {
      status: this.#status,
      statusText: this.#statusText,
      url: history !== undefined && history.length > 1 ? history[history.length - 1]!.href : this.#req.url,
      headers: () => {
        built ??= toHeaders(raw);
        return built;
      },
      bytes,
      stream,
    };
  }

  #settle(reply: Reply): void {
    if (this.#mode !== 'stream') this.#ended = true;
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(reply);
  }
}

/**
 * Sends each attempt with `dispatcher.dispatch`, following redirects.
 * @example const send = dispatcherTransport(new Agent(), ctx);
 */
export function dispatcherTransport(dispatcher: Dispatcher, ctx: ClientContext): Handler {
  return (req) =>
    new Promise<Reply>((resolve, reject) => {
      if (req.stop.stopped) {
        reject(req.stop.reason);
        return;
      }
      const { body, type } = bodyOf(req);
      // The request's own header object (request-init.ts made it for this call; with-trace.ts
      // updates it per attempt), so defaults are filled in place.
      const headers = req.headers;
      if (type !== undefined) headers['content-type'] ??= type;
      headers['accept-encoding'] ??= acceptEncoding(req.url);
      const opts: Dispatcher.DispatchOptions = {
        origin: req.origin,
        path: pathOf(req),
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body,
      };
      const handler = new AttemptHandler(req, dispatcher, opts, ctx.now, resolve, reject);
      try {
        dispatcher.dispatch(opts, handler);
      } catch (error) {
        handler.onResponseError(undefined as unknown as Dispatcher.DispatchController, error as Error);
      }
    });
}
