/**
 * Reading an event payload (a scrubbed Sentry event, https://develop.sentry.dev/sdk/data-model/event-payloads/)
 * without trusting its shape: every field is checked before use, and wrong types read as absent.
 * The results are plain data for the views to render as text.
 */

import { MAX_CHAIN_SHOWN, MAX_FRAMES_SHOWN } from '../limits.js';
import { type KvRows, kvRows, record } from './payload-text.js';

export interface Frame {
  function: string;
  file: string;
  lineno: number | undefined;
  colno: number | undefined;
  inApp: boolean;
  preContext: string[];
  contextLine: string | undefined;
  postContext: string[];
  /** Mapped back to the source through a source map (the collector keeps the frame as sent). */
  mapped: boolean;
  /** The frame's local variables (`vars`: sentry-python sends them), as text. */
  vars: KvRows;
}

export interface ChainLink {
  type: string;
  value: string;
  mechanism: string | undefined;
  /** Crashing frame first, as people read a stack. */
  frames: Frame[];
  /** The frames as the SDK sent them (minified, bundled), when source maps mapped `frames`. */
  rawFrames: Frame[] | undefined;
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s : '')) : [];
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function frameOf(v: unknown): Frame | undefined {
  const f = record(v);
  if (!f) return undefined;
  return {
    function: str(f.function) ?? '?',
    file: str(f.filename) ?? str(f.abs_path) ?? str(f.module) ?? '?',
    lineno: int(f.lineno),
    colno: int(f.colno),
    inApp: f.in_app === true,
    preContext: strings(f.pre_context),
    contextLine: str(f.context_line),
    postContext: strings(f.post_context),
    mapped: record(f.data)?.symbolicated === true,
    vars: kvRows(f.vars),
  };
}

/** A stacktrace's frames, crashing frame first, at most MAX_FRAMES_SHOWN. */
function framesOf(stacktrace: unknown): Frame[] {
  const frames = record(stacktrace)?.frames;
  return (Array.isArray(frames) ? frames.slice(-MAX_FRAMES_SHOWN) : [])
    .map(frameOf)
    .filter((f): f is Frame => f !== undefined)
    .reverse();
}

/** The exception chain: the thrown error first, then each cause (Sentry lists oldest first). */
export function exceptionChain(payload: Record<string, unknown>): ChainLink[] {
  const exception = payload.exception;
  const values = Array.isArray(exception) ? exception : record(exception)?.values;
  if (!Array.isArray(values)) return [];
  const links: ChainLink[] = [];
  for (const v of values.slice(-MAX_CHAIN_SHOWN).reverse()) {
    const e = record(v);
    if (!e) continue;
    links.push({
      type: str(e.type) ?? 'Error',
      value: str(e.value) ?? '',
      mechanism: str(record(e.mechanism)?.type),
      frames: framesOf(e.stacktrace),
      rawFrames: e.raw_stacktrace === undefined ? undefined : framesOf(e.raw_stacktrace),
    });
  }
  return links;
}

/** Name/value pairs from an object or a list of pairs (both allowed by the protocol). */
export function pairs(v: unknown): [string, string][] {
  if (Array.isArray(v))
    return v.flatMap((p) =>
      Array.isArray(p) && p.length === 2 && str(p[0]) !== undefined
        ? [[str(p[0]) as string, str(p[1]) ?? '']]
        : [],
    );
  const r = record(v);
  return r ? Object.entries(r).map(([k, val]) => [k, str(val) ?? JSON.stringify(val) ?? '']) : [];
}

export interface RequestData {
  method: string;
  url: string;
  headers: [string, string][];
  /** The query as pairs, or the raw string when it is not name=value shaped. */
  query: [string, string][];
  cookies: [string, string][];
  data: string | undefined;
}

function queryPairs(v: unknown): [string, string][] {
  if (typeof v !== 'string') return pairs(v);
  return [...new URLSearchParams(v.startsWith('?') ? v.slice(1) : v)];
}

function cookiePairs(v: unknown): [string, string][] {
  if (typeof v !== 'string') return pairs(v);
  return v.split(';').flatMap((part): [string, string][] => {
    const eq = part.indexOf('=');
    return eq > 0 ? [[part.slice(0, eq).trim(), part.slice(eq + 1).trim()]] : [];
  });
}

export function requestOf(payload: Record<string, unknown>): RequestData | undefined {
  const r = record(payload.request);
  if (!r) return undefined;
  const data = r.data === undefined ? undefined : (str(r.data) ?? JSON.stringify(r.data));
  return {
    method: (str(r.method) ?? 'GET').toUpperCase(),
    url: str(r.url) ?? '',
    headers: pairs(r.headers),
    query: queryPairs(r.query_string),
    cookies: cookiePairs(r.cookies),
    data,
  };
}

export function tagsOf(payload: Record<string, unknown>): [string, string][] {
  return pairs(payload.tags);
}

export function traceIdOf(payload: Record<string, unknown>): string | undefined {
  return str(record(record(payload.contexts)?.trace)?.trace_id);
}

export function messageOf(payload: Record<string, unknown>): string | undefined {
  const m = payload.message ?? payload.logentry;
  return str(m) ?? str(record(m)?.formatted) ?? str(record(m)?.message);
}
