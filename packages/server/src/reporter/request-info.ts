/**
 * The event's `request` (https://develop.sentry.dev/sdk/data-model/event-payloads/request/ ;
 * sentry-protocol.md §4.4) from the request object an adapter gave `faultline.scope()`: a
 * Node IncomingMessage (node:http, Express, Fastify's `request.raw`, Koa's `ctx.req`) or a
 * Fetch Request (Hono). Everything is bounded and redacted: headers by name and value, the
 * URL and query through the settings' scrubUrl, the body (opt-in, JSON only) by the event
 * redactor that runs over the whole event afterwards.
 */

import { type RequestInfo, redactHeaders, safeGet, truncate } from '@faultline/core';
import { MAX_EVENT_BODY_BYTES, MAX_EVENT_HEADER_VALUE, MAX_EVENT_HEADERS } from '../limits.js';

type RawHeaders = Record<string, string | string[] | undefined>;

interface FetchHeaders {
  forEach(fn: (value: string, name: string) => void): void;
}

function isFetchHeaders(h: unknown): h is FetchHeaders {
  return typeof h === 'object' && h !== null && typeof (h as Headers).forEach === 'function';
}

/** At most MAX_EVENT_HEADERS headers, each value at most MAX_EVENT_HEADER_VALUE chars. */
function boundedHeaders(request: object): RawHeaders {
  const source = safeGet(request, 'headers');
  const out: RawHeaders = {};
  let n = 0;
  const take = (name: string, value: unknown) => {
    if (n >= MAX_EVENT_HEADERS || value === undefined) return;
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    out[name] = truncate(text, MAX_EVENT_HEADER_VALUE);
    n++;
  };
  if (isFetchHeaders(source))
    source.forEach((value, name) => {
      take(name, value);
    });
  else if (typeof source === 'object' && source !== null)
    for (const name of Object.keys(source).slice(0, MAX_EVENT_HEADERS)) take(name, safeGet(source, name));
  return out;
}

/** A JSON body a framework already parsed onto the request (Express `req.body`), bounded. */
function jsonBody(request: object, headers: RawHeaders): unknown {
  const body = safeGet(request, 'body');
  if (body === undefined || body === null || typeof body !== 'object' || ArrayBuffer.isView(body)) return;
  if (!String(headers['content-type'] ?? '').includes('json')) return;
  if (Number(headers['content-length']) > MAX_EVENT_BODY_BYTES) return; // not worth stringifying
  const text = JSON.stringify(body);
  if (text === undefined || text.length > MAX_EVENT_BODY_BYTES) return;
  return JSON.parse(text);
}

export interface RequestInfoInput {
  method: string;
  /** Already scrubbed (path and query). */
  url: string;
  request: object | undefined;
  includeBody: boolean;
  redactKeys: (string | RegExp)[];
}

/**
 * `request` for an event. Never throws (a hostile getter leaves the field out).
 * @example requestInfo({ method: 'GET', url: '/a?b=1', request: req, includeBody: false, redactKeys: [] })
 */
export function requestInfo(input: RequestInfoInput): RequestInfo {
  const q = input.url.indexOf('?');
  const path = q === -1 ? input.url : input.url.slice(0, q);
  const info: RequestInfo = { method: input.method, url: path };
  if (q !== -1) info.query_string = input.url.slice(q + 1);
  if (input.request === undefined) return info;
  try {
    const raw = boundedHeaders(input.request);
    const host = raw.host ?? raw[':authority'];
    if (typeof host === 'string' && /^[\w.:[\]-]{1,255}$/.test(host) && path.startsWith('/'))
      info.url = `${raw['x-forwarded-proto'] === 'https' ? 'https' : 'http'}://${host}${path}`;
    info.headers = redactHeaders(raw, { keys: input.redactKeys });
    if (input.includeBody) {
      const data = jsonBody(input.request, raw);
      if (data !== undefined) info.data = data;
    }
  } catch {
    // Headers or body unreadable: the event still has method and URL.
  }
  return info;
}
