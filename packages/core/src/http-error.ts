/**
 * The HTTP error an application throws on purpose. It carries everything a problem body
 * (RFC 9457) needs: status, title, detail, type URI, whether the detail may be shown to the
 * caller, extra headers such as Retry-After, and the cause.
 */

import { FaultlineError, isFaultlineError } from './errors.js';
import { formatRetryAfter } from './protocol/retry-after.js';
import { reasonPhrase } from './status-phrases.js';

export interface HttpErrorOptions {
  /** Short, stable summary; defaults to the status's reason phrase. */
  title?: string;
  /** A URI naming the problem type (RFC 9457 §3.1.1); defaults to 'about:blank'. */
  type?: string;
  /** May `detail` reach the caller? Defaults to true below 500 and false from 500 up. */
  expose?: boolean;
  /** Extra response headers, e.g. `{ 'www-authenticate': 'Bearer' }`. */
  headers?: Record<string, string>;
  /** Seconds (or a date) to put in Retry-After; meant for 429 and 503. */
  retryAfter?: number | Date;
  /** Extension members for the problem body (shown only when the error is exposed). */
  extensions?: Record<string, unknown>;
  /** Overrides the cause category that classify() reports for this error. */
  category?: string;
  cause?: unknown;
}

/**
 * An error with an HTTP status, safe to throw from any route.
 * @example
 * throw new HttpError(404, 'No user with id 42');
 * throw new HttpError(503, 'Maintenance', { retryAfter: 120, expose: true });
 */
export class HttpError extends FaultlineError {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string;
  readonly expose: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>> | undefined;
  readonly category: string | undefined;

  constructor(status: number, detail?: string, options: HttpErrorOptions = {}) {
    const valid = Number.isInteger(status) && status >= 400 && status <= 599;
    const code = valid ? status : 500;
    super('FL_HTTP', detail ?? reasonPhrase(code), { cause: options.cause });
    this.name = 'HttpError';
    this.status = code;
    this.title = options.title ?? reasonPhrase(code);
    this.detail = detail;
    this.type = options.type ?? 'about:blank';
    this.expose = options.expose ?? code < 500;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
    if (options.retryAfter !== undefined) headers['retry-after'] = formatRetryAfter(options.retryAfter);
    this.headers = headers;
    this.extensions = options.extensions;
    this.category = options.category;
  }
}

/** True for an HttpError from any copy of @faultline/core. */
export function isHttpError(value: unknown): value is HttpError {
  return isFaultlineError(value) && value.code === 'FL_HTTP';
}

type Factory = (detail?: string, options?: HttpErrorOptions) => HttpError;
const factory =
  (status: number): Factory =>
  (detail, options) =>
    new HttpError(status, detail, options);

/** 400: the request is malformed. @example throw badRequest('`limit` must be a positive integer') */
export const badRequest = factory(400);
export const unauthorized = factory(401);
export const forbidden = factory(403);
export const notFound = factory(404);
export const methodNotAllowed = factory(405);
export const notAcceptable = factory(406);
export const requestTimeout = factory(408);
export const conflict = factory(409);
export const gone = factory(410);
export const contentTooLarge = factory(413);
export const unsupportedMediaType = factory(415);
export const unprocessableContent = factory(422);
/** 429; pass `retryAfter` so clients know when to come back. */
export const tooManyRequests = factory(429);
export const internalServerError = factory(500);
export const notImplemented = factory(501);
export const badGateway = factory(502);
/** 503; pass `retryAfter` so clients know when to come back. */
export const serviceUnavailable = factory(503);
export const gatewayTimeout = factory(504);
