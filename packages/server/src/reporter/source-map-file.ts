/**
 * The source map of one built file, found as Node's `--enable-source-maps` finds it: the last
 * `//# sourceMappingURL=` comment of the file, naming a map file beside it (a relative path
 * or a file URL) or holding the map inline (`data:application/json;base64,`). Bounded: the
 * built file is read from its end (a small tail, and a larger one only when its last line is
 * an inline map), a map file larger than MAX_SOURCE_MAP_BYTES is never read, and both files
 * must lie under the application root (root-guard.ts).
 */

import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap } from '@jridgewell/trace-mapping';
import { MAX_SOURCE_MAP_BYTES, SOURCE_MAP_URL_TAIL_BYTES } from '../limits.js';
import type { RootGuard } from './root-guard.js';

/** A map, or why there is none: `absent` is ordinary (not logged), `unusable` is worth one log line. */
export type MapRead =
  | { kind: 'map'; map: TraceMap; bytes: number; mapPath: string }
  | { kind: 'absent' }
  | { kind: 'unusable'; reason: string; mapPath?: string };

/** A sourceMappingURL comment on a line of its own (a `//# debugId=` line may follow it). */
const URL_COMMENT = /^[ \t]*\/\/[#@] sourceMappingURL=([^\s'"]+)[ \t]*\r?$/gm;
const INLINE = /^data:application\/json(?:;[^,;]*)*;base64,/i;
/** Base64 grows data by 4/3, plus the comment and a few trailing lines. */
const MAX_INLINE_TAIL_BYTES = Math.ceil((MAX_SOURCE_MAP_BYTES * 4) / 3) + SOURCE_MAP_URL_TAIL_BYTES;

async function readTail(path: string, bytes: number) {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return { text: buffer.toString('utf8'), whole: length === size, size };
  } finally {
    await handle.close();
  }
}

/** The last sourceMappingURL comment's URL in `text`, as Node takes the last one. */
function lastUrl(text: string): string | undefined {
  let url: string | undefined;
  for (const match of text.matchAll(URL_COMMENT)) url = match[1];
  return url;
}

/** The URL of the file's last sourceMappingURL comment, read from as little of its end as will do. */
async function mappingUrl(file: string): Promise<string | 'too-large' | undefined> {
  const tail = await readTail(file, SOURCE_MAP_URL_TAIL_BYTES);
  const url = lastUrl(tail.text);
  if (url !== undefined || tail.whole) return url;
  // The tail began inside a long line: an inline map's base64 (its comment may be followed by a
  // debug ID line), or minified code; only the first is worth a larger read.
  const newline = tail.text.indexOf('\n');
  const cutLine = newline === -1 ? tail.text : tail.text.slice(0, newline);
  if (!/^[A-Za-z0-9+/=]+\r?$/.test(cutLine)) return undefined;
  const big = await readTail(file, MAX_INLINE_TAIL_BYTES);
  const inline = lastUrl(big.text);
  if (inline !== undefined) return inline;
  return big.whole ? undefined : 'too-large';
}

async function readMapFile(path: string): Promise<string | 'too-large'> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_SOURCE_MAP_BYTES) return 'too-large';
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

function parse(json: string, mapPath: string): MapRead {
  try {
    return { kind: 'map', map: new TraceMap(json, mapPath), bytes: json.length, mapPath };
  } catch (e) {
    return { kind: 'unusable', reason: `not a source map (${(e as Error).message})`, mapPath };
  }
}

const tooLarge = (mapPath: string): MapRead => ({
  kind: 'unusable',
  reason: `larger than ${MAX_SOURCE_MAP_BYTES} bytes (MAX_SOURCE_MAP_BYTES)`,
  mapPath,
});

/**
 * Reads and parses the map of a built file; never throws (a failure is `unusable`).
 * @example const read = await readSourceMap('/srv/app/dist/app.js', new RootGuard('/srv/app'))
 */
export async function readSourceMap(file: string, guard: RootGuard): Promise<MapRead> {
  try {
    const real = await guard.allowed(file).catch(() => null);
    if (real === null) return { kind: 'absent' };
    const url = await mappingUrl(real);
    if (url === undefined) return { kind: 'absent' };
    if (url === 'too-large') return tooLarge(file);
    if (INLINE.test(url)) {
      const base64 = url.slice(url.indexOf(',') + 1);
      if ((base64.length * 3) / 4 > MAX_SOURCE_MAP_BYTES) return tooLarge(file);
      return parse(Buffer.from(base64, 'base64').toString('utf8'), file);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')) return { kind: 'absent' }; // a URL for browsers (https://…): not ours to fetch
    const mapPath = url.startsWith('file:') ? fileURLToPath(url) : resolve(dirname(real), decodeURI(url));
    const allowed = await guard.allowed(mapPath).catch(() => null);
    if (allowed === null) return { kind: 'unusable', reason: 'no such file under the root', mapPath };
    const json = await readMapFile(allowed);
    return json === 'too-large' ? tooLarge(mapPath) : parse(json, mapPath);
  } catch (e) {
    return { kind: 'unusable', reason: (e as Error).message };
  }
}
