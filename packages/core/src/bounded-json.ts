/**
 * JSON from the wire, with bounds. `JSON.parse` alone has no depth limit: a 1 MiB payload of
 * `[[[[…` either builds a deeply nested value that later recursive code (redaction,
 * normalisation, grouping) overflows on, or throws a RangeError from V8's parser. Relay bounds
 * depth too (serde's recursion limit). We check depth with one linear scan of the text before
 * parsing, so the work is O(bytes) whatever the input.
 */

import { LimitExceededError, ParseError } from './errors.js';
import { MAX_EVENT_BYTES, MAX_JSON_DEPTH } from './limits.js';

export interface BoundedJsonOptions {
  /** Deepest allowed nesting of arrays/objects; a top-level `{}` has depth 1. Default MAX_JSON_DEPTH. */
  maxDepth?: number;
  /** Largest allowed input, in UTF-8 bytes. Default MAX_EVENT_BYTES. */
  maxBytes?: number;
  /** Envelope item the input came from, copied onto a thrown `ParseError`. */
  itemIndex?: number;
}

// Fatal: invalid UTF-8 is malformed input, not something to patch with U+FFFD.
// ignoreBOM keeps a BOM in the text, so JSON.parse rejects it as serde_json (Relay) does.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** UTF-8 byte length of a string without allocating an encoded copy. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The deepest nesting of `{`/`[` outside strings, stopping early once it passes `limit`.
 * Malformed text may give a meaningless number, but JSON.parse rejects such text anyway.
 */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return max;
}

/**
 * `JSON.parse` with a byte bound and a nesting bound, for untrusted input.
 * Throws `LimitExceededError` (MAX_EVENT_BYTES or MAX_JSON_DEPTH) when a bound is passed and
 * `ParseError` for invalid UTF-8 or invalid JSON.
 * @example parseJsonBounded('{"a":[1]}', { maxDepth: 2 }) // { a: [1] }
 */
export function parseJsonBounded(input: Uint8Array | string, opts: BoundedJsonOptions = {}): unknown {
  const maxBytes = opts.maxBytes ?? MAX_EVENT_BYTES;
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const errorOptions = opts.itemIndex === undefined ? {} : { itemIndex: opts.itemIndex };
  // A string has at most 3 UTF-8 bytes per UTF-16 unit, so short strings skip the count.
  const bytes =
    typeof input === 'string' ? (input.length * 3 <= maxBytes ? 0 : utf8Length(input)) : input.byteLength;
  if (bytes > maxBytes) throw new LimitExceededError('MAX_EVENT_BYTES', maxBytes, bytes, 'JSON payload');
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = decoder.decode(input);
    } catch (cause) {
      throw new ParseError('JSON payload is not valid UTF-8', { cause, ...errorOptions });
    }
  }
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) throw new LimitExceededError('MAX_JSON_DEPTH', maxDepth, undefined, 'JSON nesting');
  try {
    return JSON.parse(text);
  } catch (cause) {
    // The message stays generic: V8's quotes a slice of the input, which may hold secrets.
    throw new ParseError('JSON payload is not valid JSON', { cause, ...errorOptions });
  }
}
