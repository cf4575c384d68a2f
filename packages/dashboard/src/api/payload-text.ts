/**
 * Event data as text for key/value tables: nested values as compact JSON, bounded in length and
 * depth however large or deep the payload (a value is read only as far as it is shown), and
 * control characters made visible. The views render the result as text, never as HTML.
 */

import { MAX_JSON_DEPTH, MAX_JSON_TEXT_CHARS, MAX_KV_ROWS_SHOWN } from '../limits.js';

/** C0 and C1 controls other than tab and newline: invisible, or moving what follows. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * @example visibleControls('a\u0007b') // 'a\\u0007b'
 */
export function visibleControls(s: string): string {
  return s.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** An object's fields, or undefined for anything else (arrays, null, scalars). @example record([1]) // undefined */
export const record = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * Compact JSON of `v`, at most `maxChars` characters (then `…`), objects past MAX_JSON_DEPTH
 * written `{…}` / `[…]`. Never throws: values JSON has no form for read as null.
 * @example jsonText({ a: [1, { b: 'x' }] }) // '{"a":[1,{"b":"x"}]}'
 */
export function jsonText(v: unknown, maxChars = MAX_JSON_TEXT_CHARS): string {
  let out = '';
  const full = () => out.length >= maxChars;
  const push = (s: string) => {
    if (!full()) out += s.slice(0, maxChars - out.length + 1);
  };
  const quoted = (s: string) => JSON.stringify(s.slice(0, maxChars));
  const scalar = (x: unknown): string | undefined => {
    if (typeof x === 'string') return quoted(x);
    if (typeof x === 'number') return Number.isFinite(x) ? String(x) : 'null';
    if (typeof x === 'boolean') return String(x);
    return x === null || typeof x !== 'object' ? 'null' : undefined;
  };
  const walk = (x: unknown, depth: number): void => {
    if (full()) return;
    const plain = scalar(x);
    if (plain !== undefined) {
      push(plain);
      return;
    }
    const list = Array.isArray(x);
    if (depth >= MAX_JSON_DEPTH) {
      push(list ? '[…]' : '{…}');
      return;
    }
    push(list ? '[' : '{');
    let first = true;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length && !full(); i++) {
        if (!first) push(',');
        first = false;
        walk(x[i], depth + 1);
      }
    } else {
      const object = x as Record<string, unknown>;
      for (const key in object) {
        if (full()) break;
        if (!Object.hasOwn(object, key)) continue;
        if (!first) push(',');
        first = false;
        push(`${quoted(key)}:`);
        walk(object[key], depth + 1);
      }
    }
    push(list ? ']' : '}');
  };
  walk(v, 0);
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

/**
 * A value as a table cell: strings as they are (controls visible), numbers and booleans
 * printed, anything else as bounded compact JSON.
 * @example cellText(3) // '3'; cellText({ a: 1 }) // '{"a":1}'
 */
export function cellText(v: unknown): string {
  if (typeof v === 'string') return visibleControls(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return visibleControls(jsonText(v));
}

/** Rows of a key/value table: at most MAX_KV_ROWS_SHOWN, and how many more the data holds. */
export interface KvRows {
  rows: [string, string][];
  more: number;
}

/** @example kvRows('not an object') // NO_ROWS */
export const NO_ROWS: KvRows = { rows: [], more: 0 };

/**
 * An object's entries as table rows (anything but an object reads as none).
 * @example kvRows({ a: 1, b: { c: true } }) // { rows: [['a', '1'], ['b', '{"c":true}']], more: 0 }
 */
export function kvRows(v: unknown, skip: ReadonlySet<string> = new Set()): KvRows {
  const r = record(v);
  if (!r) return NO_ROWS;
  const rows: [string, string][] = [];
  let more = 0;
  for (const key in r) {
    if (!Object.hasOwn(r, key) || skip.has(key)) continue;
    if (rows.length < MAX_KV_ROWS_SHOWN) rows.push([visibleControls(key), cellText(r[key])]);
    else more++;
  }
  return { rows, more };
}
