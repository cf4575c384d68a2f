/**
 * Serves the dashboard's built files at `/`. Only GET/HEAD; a path is decoded once, must
 * stay inside the root after resolution (no `..`, no NUL, no backslash, no symlink out), and
 * paths that are not files fall back to index.html so client-side routes (/issues/12) load the
 * app. Hashed assets are cached for a year; index.html is revalidated so a new build shows up.
 */

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentTypeOf } from './content-types.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** Vite's content-hashed output; a changed file gets a new name, so it may be cached forever. */
const IMMUTABLE_PREFIX = '/assets/';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

async function fileAt(root: string, path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param dir the Vite output folder (with index.html), or undefined when none was found.
 * @example const serve = createStaticHandler('/app/packages/dashboard/dist/web');
 */
export function createStaticHandler(dir: string | undefined): StaticHandler {
  let root: Promise<string | undefined> | undefined;
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
    root ??= dir ? realpath(resolve(dir)).catch(() => undefined) : Promise.resolve(undefined);
    const base = await root;
    const index = base ? await fileAt(base, join(base, 'index.html')) : undefined;
    if (!base || !index) {
      root = undefined; // look again next time: the build may have finished since
      return sendText(res, 503, 'The dashboard is not built. Run `npm run build` and reload.\n');
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return sendText(res, 400, 'Bad Request\n');
    }
    if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..'))
      return sendText(res, 400, 'Bad Request\n');
    const file = (await fileAt(base, join(base, path))) ?? (extname(path) === '' ? index : undefined);
    if (!file) return sendText(res, 404, 'Not Found\n');
    const size = (await stat(file)).size;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': contentTypeOf(file),
      'content-length': size,
      'cache-control': path.startsWith(IMMUTABLE_PREFIX) && file !== index ? IMMUTABLE_CACHE : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
