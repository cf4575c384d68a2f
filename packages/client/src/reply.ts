/**
 * What a transport hands back through the wrappers: the status, the headers (built only when
 * someone asks), and either the bytes read inside the attempt or the unread stream. Not a
 * `Response`: building one costs ~15 µs on Node 20 (a stream, a controller, a Headers), more
 * than the rest of the client, and the JSON helpers only need the bytes. `request()` callers
 * get a real Response (toResponse).
 */

/** A 2xx answer as it travels back through the wrappers. */
export interface Reply {
  readonly status: number;
  readonly statusText: string;
  /** The URL that answered (after redirects, when the transport knows it). */
  readonly url: string;
  /** The response headers; built on first call by transports that hold them in another form. */
  headers(): Headers;
  /** The whole body, read inside the attempt (so its timeout covered it); undefined when streamed. */
  readonly bytes: Uint8Array | undefined;
  /** The unread body of a `stream: true` call (null when there is none). */
  readonly stream: ReadableStream<Uint8Array> | null;
}

/** Statuses whose Response must have a null body (Fetch standard, "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Response headers from undici's parsed form (lower-case names; repeated ones as arrays).
 * @example toHeaders({ 'set-cookie': ['a=1', 'b=2'], 'content-type': 'application/json' });
 */
export function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * The Response a `request()` caller gets.
 * @example return toResponse(await send(req));
 */
export function toResponse(reply: Reply): Response {
  const body = NULL_BODY_STATUSES.has(reply.status)
    ? null
    : (reply.stream ?? (reply.bytes === undefined || reply.bytes.byteLength === 0 ? null : reply.bytes));
  // A Uint8Array over a plain ArrayBuffer (never a SharedArrayBuffer here) is a BufferSource.
  return new Response(body as BodyInit | null, {
    status: reply.status,
    statusText: reply.statusText,
    headers: reply.headers(),
  });
}
