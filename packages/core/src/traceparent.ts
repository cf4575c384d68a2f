/**
 * W3C Trace Context headers (https://www.w3.org/TR/trace-context/):
 *
 *   traceparent = version "-" trace-id "-" parent-id "-" trace-flags   ("00-<32 hex>-<16 hex>-<2 hex>")
 *
 * Parsing follows #traceparent-header and #versioning-of-traceparent: lowercase hex only, all-zero ids
 * and version ff are invalid, version 00 is exactly 55 chars, and a later version is read by its
 * first four fields when what follows is "-"-separated. Invalid input gives null, never a throw:
 * the spec says to restart the trace, not to fail the request.
 */

import { ParseError } from './errors.js';
import { randomHex } from './event-id.js';
import { MAX_TRACEPARENT_LENGTH, MAX_TRACESTATE_LENGTH, MAX_TRACESTATE_MEMBERS } from './limits.js';

export interface Traceparent {
  version: string;
  traceId: string;
  parentId: string;
  /** The 8-bit trace-flags field; bit 0 is `sampled`. */
  flags: number;
  sampled: boolean;
}

/** #versioning-of-traceparent: version 00 is exactly this long; later versions at least this long. */
const V00_LENGTH = 55;
const SAMPLED_FLAG = 0x01;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
// The first 55 chars of every version; the spec allows lowercase hex only (#traceparent-header).
const HEAD = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})/;

/** Trims optional whitespace (RFC 9110 OWS: spaces and tabs) without a backtracking regex. */
function trimOws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === ' ' || s[start] === '\t')) start++;
  while (end > start && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(start, end);
}

/**
 * Parses a `traceparent` header; null when it is absent or malformed.
 * @example parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')?.sampled // true
 */
export function parseTraceparent(header: string | null | undefined): Traceparent | null {
  if (typeof header !== 'string' || header.length > MAX_TRACEPARENT_LENGTH) return null;
  const s = trimOws(header);
  const m = HEAD.exec(s);
  if (!m) return null;
  const [, version = '', traceId = '', parentId = '', flagsHex = ''] = m;
  if (version === 'ff') return null; // #version: ff is forbidden
  if (version === '00' ? s.length !== V00_LENGTH : s.length > V00_LENGTH && s[V00_LENGTH] !== '-')
    return null; // #versioning-of-traceparent: later versions may only append "-" fields
  if (traceId === ZERO_TRACE_ID || parentId === ZERO_SPAN_ID) return null;
  const flags = Number.parseInt(flagsHex, 16);
  return { version, traceId, parentId, flags, sampled: (flags & SAMPLED_FLAG) !== 0 };
}

/**
 * Formats a version-00 `traceparent`. `sampled`, when given, sets or clears bit 0 of `flags`.
 * Throws `ParseError` for ids that are not lowercase hex of the right length or are all zero.
 * @example formatTraceparent({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', sampled: true })
 * // '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
 */
export function formatTraceparent(tp: {
  traceId: string;
  parentId: string;
  sampled?: boolean;
  flags?: number;
}): string {
  if (typeof tp.traceId !== 'string' || !TRACE_ID.test(tp.traceId) || tp.traceId === ZERO_TRACE_ID)
    throw new ParseError('traceId must be 32 lowercase hex chars, not all zero');
  if (typeof tp.parentId !== 'string' || !SPAN_ID.test(tp.parentId) || tp.parentId === ZERO_SPAN_ID)
    throw new ParseError('parentId must be 16 lowercase hex chars, not all zero');
  let flags = tp.flags ?? 0;
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xff)
    throw new ParseError('flags must be an integer from 0 to 255');
  if (tp.sampled !== undefined) flags = tp.sampled ? flags | SAMPLED_FLAG : flags & ~SAMPLED_FLAG;
  return `00-${tp.traceId}-${tp.parentId}-${flags.toString(16).padStart(2, '0')}`;
}

/**
 * A random 16-byte trace id as 32 lowercase hex chars, never all zero (#trace-id).
 * @example generateTraceId() // '4bf92f3577b34da6a3ce929d0e0e4736'
 */
export function generateTraceId(): string {
  let id = randomHex(16);
  while (id === ZERO_TRACE_ID) id = randomHex(16);
  return id;
}

/**
 * A random 8-byte span (parent) id as 16 lowercase hex chars, never all zero (#parent-id).
 * @example generateSpanId() // '00f067aa0ba902b7'
 */
export function generateSpanId(): string {
  let id = randomHex(8);
  while (id === ZERO_SPAN_ID) id = randomHex(8);
  return id;
}

// #key: key = simple-key / multi-tenant-key, both lower-case, at most 256 chars; checked
// loosely as one class with at most one "@". Value: 1–256 printable ASCII chars except "," and
// "=", not ending in a space.
const TRACESTATE_KEY =
  /^[a-z0-9][a-z0-9_\-*/]{0,240}(?:@[a-z][a-z0-9_\-*/]{0,13})?$|^[a-z][a-z0-9_\-*/]{0,255}$/;
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Validates a `tracestate` header for pass-through: returns it with optional whitespace around
 * members removed, or null when absent, empty, malformed, over MAX_TRACESTATE_LENGTH chars or
 * over MAX_TRACESTATE_MEMBERS members, or with a duplicate key (#tracestate-header).
 * @example parseTracestate('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE') // 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'
 */
export function parseTracestate(header: string | null | undefined): string | null {
  if (typeof header !== 'string' || header.length > MAX_TRACESTATE_LENGTH) return null;
  const members: string[] = [];
  const keys = new Set<string>();
  for (const part of header.split(',')) {
    const member = trimOws(part);
    if (member === '') continue; // #list: empty list-members are allowed and ignored
    const eq = member.indexOf('=');
    if (eq <= 0) return null;
    const key = member.slice(0, eq);
    if (!TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(member.slice(eq + 1)) || keys.has(key))
      return null;
    keys.add(key);
    members.push(member);
    if (members.length > MAX_TRACESTATE_MEMBERS) return null;
  }
  return members.length === 0 ? null : members.join(',');
}
