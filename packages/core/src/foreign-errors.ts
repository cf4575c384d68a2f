/**
 * Errors that already say which HTTP status they mean, from our own HttpError and from the
 * libraries people use with the five frameworks. Each reader is duck-typed (no imports of
 * those libraries) and reads through safe.ts.
 */

import { isHttpError } from './http-error.js';
import { safeGet, safeNumber, safeString } from './safe.js';
import { isErrorStatus } from './status-phrases.js';

/** What an explicit HTTP error says about itself. */
export interface HttpShape {
  status: number;
  /** May the message reach the caller? */
  expose: boolean;
  /** The caller-facing message (used only when `expose`). */
  message: string | undefined;
  headers: Record<string, string>;
  title?: string;
  type?: string;
  category?: string;
  extensions?: Record<string, unknown>;
  /** Which convention matched, for logs and tests. */
  source: 'faultline' | 'boom' | 'hono' | 'fastify-validation' | 'http-errors';
}

function stringHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return out;
  try {
    for (const key of Object.keys(value).slice(0, 50)) {
      const v = safeGet(value, key);
      if (typeof v === 'string' || typeof v === 'number') out[key.toLowerCase()] = String(v);
    }
  } catch {
    // a hostile headers object contributes nothing
  }
  return out;
}

// Headers of a Hono HTTPException's own Response worth keeping (auth challenges, waits).
const KEPT_RESPONSE_HEADERS = ['www-authenticate', 'retry-after', 'allow'];

function responseHeaders(res: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = safeGet(res, 'headers');
  const get = safeGet(headers, 'get');
  if (typeof get !== 'function') return out;
  for (const name of KEPT_RESPONSE_HEADERS) {
    try {
      const v = get.call(headers, name);
      if (typeof v === 'string') out[name] = v;
    } catch {
      // ignore
    }
  }
  return out;
}

function fromBoom(error: unknown): HttpShape | undefined {
  if (safeGet(error, 'isBoom') !== true) return undefined;
  const output = safeGet(error, 'output');
  const status = safeNumber(output, 'statusCode');
  if (!isErrorStatus(status)) return undefined;
  return {
    status,
    expose: status < 500,
    message: safeString(safeGet(output, 'payload'), 'message'),
    headers: stringHeaders(safeGet(output, 'headers')),
    source: 'boom',
  };
}

function fromHono(error: unknown): HttpShape | undefined {
  // hono/http-exception: class HTTPException { status; res?; message }. Hono shows every
  // HTTPException's message; we keep that only below 500.
  const ctorName = safeString(safeGet(error, 'constructor'), 'name');
  if (ctorName !== 'HTTPException' && safeString(error, 'name') !== 'HTTPException') return undefined;
  const status = safeNumber(error, 'status');
  if (!isErrorStatus(status)) return undefined;
  return {
    status,
    expose: status < 500,
    message: safeString(error, 'message'),
    headers: responseHeaders(safeGet(error, 'res')),
    source: 'hono',
  };
}

function fromFastifyValidation(error: unknown): HttpShape | undefined {
  // Fastify attaches `validation` (the Ajv errors) and `validationContext` to its 400s.
  if (!Array.isArray(safeGet(error, 'validation'))) return undefined;
  const status = safeNumber(error, 'statusCode') ?? 400;
  if (!isErrorStatus(status)) return undefined;
  return {
    status,
    expose: status < 500,
    message: safeString(error, 'message'),
    headers: {},
    source: 'fastify-validation',
  };
}

function fromStatusProperty(error: unknown): HttpShape | undefined {
  // The http-errors / Express / Koa convention: `status` or `statusCode`, optional `expose`
  // and `headers`. Axios errors and @faultline/client's ProblemError (FL_PROBLEM) carry the
  // *upstream's* status; they are not ours to echo (classify reads them as dependency failures).
  if (safeGet(error, 'isAxiosError') === true || safeGet(error, 'code') === 'FL_PROBLEM') return undefined;
  const status = safeNumber(error, 'status') ?? safeNumber(error, 'statusCode');
  if (!isErrorStatus(status)) return undefined;
  const expose = safeGet(error, 'expose');
  return {
    status,
    expose: typeof expose === 'boolean' ? expose && status < 500 : status < 500,
    message: safeString(error, 'message'),
    headers: stringHeaders(safeGet(error, 'headers')),
    source: 'http-errors',
  };
}

function fromFaultline(error: unknown): HttpShape | undefined {
  if (!isHttpError(error)) return undefined;
  return {
    status: error.status,
    expose: error.expose,
    message: error.detail,
    headers: { ...error.headers },
    title: error.title,
    type: error.type,
    category: error.category,
    extensions: error.extensions,
    source: 'faultline',
  };
}

const READERS = [fromFaultline, fromBoom, fromHono, fromFastifyValidation, fromStatusProperty];

/**
 * The HTTP meaning an error declares about itself, or undefined for an ordinary error.
 * A 5xx is exposed only when it says so explicitly (http-errors' `expose: true` is honoured
 * only below 500; our HttpError's `expose` option is honoured for any status).
 */
export function readHttpShape(error: unknown): HttpShape | undefined {
  for (const read of READERS) {
    const shape = read(error);
    if (shape) return shape;
  }
  return undefined;
}
