/**
 * Hands a body read inside the attempt over to the caller. A Response body can be read only
 * once, and building a fresh Response around the bytes costs ~15 µs on Node 20 (a stream,
 * a controller, headers), more than the rest of the client; so the transport reads the
 * bytes and files them here under the Response, and the JSON helpers take them back.
 */

const bodies = new WeakMap<Response, ArrayBuffer>();

/**
 * Records the bytes read from `res`.
 * @example keepBody(res, await res.arrayBuffer());
 */
export function keepBody(res: Response, bytes: ArrayBuffer): void {
  bodies.set(res, bytes);
}

/**
 * The bytes read from `res` inside the attempt, or undefined for a streamed call.
 * @example const bytes = takeBody(res) ?? (await res.arrayBuffer());
 */
export function takeBody(res: Response): ArrayBuffer | undefined {
  const bytes = bodies.get(res);
  bodies.delete(res);
  return bytes;
}

/**
 * A readable Response carrying the buffered bytes, for `request()` callers.
 * @example return rebuild(res, takeBody(res));
 */
export function rebuild(res: Response, bytes: ArrayBuffer | undefined): Response {
  if (bytes === undefined) return res;
  return new Response(bytes.byteLength === 0 ? null : bytes, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}
