/**
 * The URLs under which an artifact bundle may hold a frame's file, for files uploaded without a
 * debug ID (`sentry-cli sourcemaps upload --release R dist/`, whose manifest names each file
 * `~/<path under dist>`; `~` stands for any scheme and host). Sentry (symbolicator's
 * `get_release_file_candidate_urls`) tries the frame's URL as it is, without its query, and
 * `~/<path>` with and without the query; a Node frame (`/srv/app/dist/app.js`) then only matches
 * an upload made with `--url-prefix '~/srv/app/dist'`. Faultline also tries the path's shorter
 * suffixes (`~/dist/app.js`, `~/app.js`), so an upload of the build directory as it is matches
 * wherever the app runs; the longest URL that matches wins (the store orders by it).
 */

import { posix } from 'node:path';
import { MAX_ARTIFACT_URL_SUFFIXES } from '../limits.js';

const SCHEME_HOST = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i;
/** `C:\app\dist\app.js`: a Windows path, looked up by its slash form without the drive. */
const WINDOWS_PATH = /^[a-z]:\\/i;

interface SplitUrl {
  /** `http://host`, `file://`, `app://`; empty for a bare path. */
  origin: string;
  /** From the first `/`, without query and fragment; never empty. */
  path: string;
  /** `?…` or empty. */
  query: string;
}

/** A frame file split at its origin, or undefined when it names no file (`node:fs`, `<anonymous>`). */
function splitUrl(file: string): SplitUrl | undefined {
  const noFragment = file.split('#')[0] as string;
  let origin = '';
  let rest = noFragment;
  const m = SCHEME_HOST.exec(noFragment);
  if (m !== null) {
    origin = m[1] as string;
    rest = m[2] as string;
  } else if (WINDOWS_PATH.test(rest)) rest = rest.slice(2).replace(/\\/g, '/');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(rest) || rest.startsWith('<')) return undefined;
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q);
  const absolute = path.startsWith('/') ? path : `/${path}`;
  if (absolute === '/' || absolute.endsWith('/')) return undefined;
  return { origin, path: absolute, query };
}

/**
 * The URLs a bundle file of this frame file may have, each once: Sentry's four (as it is,
 * without query, `~/path?query`, `~/path`), then `~/` suffixes of the path, the shortest
 * MAX_ARTIFACT_URL_SUFFIXES of them.
 * @example artifactUrlCandidates('file:///srv/app/dist/app.js')
 * // ['file:///srv/app/dist/app.js', '~/srv/app/dist/app.js', '~/app.js', '~/dist/app.js', '~/app/dist/app.js']
 */
export function artifactUrlCandidates(file: string): string[] {
  const url = splitUrl(file);
  if (url === undefined) return [];
  const out = new Set<string>();
  if (url.origin !== '') {
    out.add(`${url.origin}${url.path}${url.query}`);
    out.add(`${url.origin}${url.path}`);
  }
  if (url.query !== '') out.add(`~${url.path}${url.query}`);
  out.add(`~${url.path}`);
  const segments = url.path.slice(1).split('/');
  const shortest = Math.max(1, segments.length - MAX_ARTIFACT_URL_SUFFIXES);
  for (let from = segments.length - 1; from >= shortest; from--)
    out.add(`~/${segments.slice(from).join('/')}`);
  return [...out];
}

/**
 * The URLs of the source map a bundle file names (its `sourcemap` header or its
 * `sourceMappingURL` comment), resolved against the file's own URL as a browser would, with
 * `~` as the host: `~/dist/app.js` + `app.js.map` → `~/dist/app.js.map`; an absolute map URL is
 * also tried as `~/path`. Empty for a `data:` URL (the map is inline: see inlineSourceMap).
 * @example mapUrlCandidates('~/dist/app.js', 'app.js.map') // ['~/dist/app.js.map']
 */
export function mapUrlCandidates(fileUrl: string, reference: string): string[] {
  if (reference.startsWith('data:')) return [];
  const ref = splitUrl(reference);
  if (ref === undefined) return [];
  if (SCHEME_HOST.test(reference)) return [`${ref.origin}${ref.path}`, `~${ref.path}`];
  const file = fileUrl.startsWith('~/')
    ? { origin: '~', path: fileUrl.slice(1).split(/[?#]/)[0] as string }
    : splitUrl(fileUrl);
  if (file === undefined) return [];
  const path = reference.startsWith('/')
    ? posix.normalize(ref.path)
    : posix.normalize(posix.join(posix.dirname(file.path), reference.split(/[?#]/)[0] as string));
  const own = `${file.origin}${path}`;
  return file.origin === '~' || file.origin === '' ? [`~${path}`] : [own, `~${path}`];
}

const MAPPING_COMMENT = /\/\/[#@][ \t]*sourceMappingURL=[ \t]*(\S+)[ \t]*$/;

/**
 * The last `//# sourceMappingURL=` of a built file (the one that counts), or undefined.
 * @example sourceMappingUrl(Buffer.from('x();\n//# sourceMappingURL=app.js.map\n')) // 'app.js.map'
 */
export function sourceMappingUrl(js: Buffer): string | undefined {
  const text = js.toString('utf8');
  let end = text.length;
  // From the end: the comment is on one of the last lines (after it, at most a debugId line).
  for (let lines = 0; end > 0 && lines < 8; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const m = MAPPING_COMMENT.exec(text.slice(start, end).trimEnd());
    if (m !== null) return m[1];
    end = start - 1;
  }
  return undefined;
}

/**
 * The map inlined in a `data:` URL (`data:application/json;base64,…`), or undefined.
 * @example inlineSourceMap('data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==') // '{"version":3}'
 */
export function inlineSourceMap(reference: string): Buffer | undefined {
  const m = /^data:[^,]*?(;base64)?,/.exec(reference);
  if (m === null) return undefined;
  const body = reference.slice(m[0].length);
  return m[1] === undefined ? Buffer.from(decodeURIComponent(body), 'utf8') : Buffer.from(body, 'base64');
}
