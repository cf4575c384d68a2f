/**
 * Opaque keyset cursors: base64url of `[sortValue, id]` of the last row of a page. Keyset (not
 * OFFSET) pagination so a page costs the same at any depth and rows inserted meanwhile do
 * not shift later pages.
 */

import { ParseError } from '@faultline/core';
import { MAX_CURSOR_LENGTH } from '../limits.js';

export interface CursorPosition {
  value: number;
  id: number;
}

/**
 * @example encodeCursor({ value: 1700000000000, id: 42 }) // 'WzE3MDAwMDAwMDAwMDAsNDJd'
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

/**
 * Reads a cursor made by `encodeCursor`; throws ParseError for anything else.
 * @example decodeCursor(page.nextCursor)
 */
export function decodeCursor(cursor: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_LENGTH) throw new ParseError('invalid cursor: too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new ParseError('invalid cursor', { cause });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    !Number.isSafeInteger(parsed[1])
  ) {
    throw new ParseError('invalid cursor');
  }
  return { value: parsed[0], id: parsed[1] };
}
