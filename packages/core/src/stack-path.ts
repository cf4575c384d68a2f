/**
 * What a frame's file path says: a stable `filename`, a `module` name, and whether the code
 * is the application's own (`in_app`). Both names must not depend on the directory the app
 * was deployed to, because grouping hashes them (sentry-protocol.md §4.3, §8.3).
 * Pure string work: no `node:path` or `node:url`, so core runs anywhere.
 */

/** The parts of a frame that come from its path. */
export interface PathInfo {
  abs_path: string;
  filename: string;
  module: string;
  in_app: boolean;
}

const SOURCE_EXTENSION = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/i;
const WINDOWS_DRIVE = /^[a-z]:\//i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]{0,30}:\/\//i;

/** `file:///srv/app/x.js` → `/srv/app/x.js`, `file:///C:/app/x.js` → `C:/app/x.js`. */
export function fileUrlToPath(url: string): string {
  let path = url.slice('file://'.length);
  if (/^\/[a-z]:\//i.test(path)) path = path.slice(1);
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a malformed %-escape: keep it as printed
  }
}

/** Backslashes to slashes, one trailing slash dropped; the form every comparison uses. */
function toPosix(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** `a/b/c.js` → `a.b:c` (the @sentry/node convention: directories dotted, then `:` and the file). */
function moduleFromRelative(relative: string): string {
  const parts = relative.split('/').filter((p) => p !== '' && p !== '.');
  const file = (parts.pop() ?? '').replace(SOURCE_EXTENSION, '');
  return parts.length > 0 ? `${parts.join('.')}:${file}` : file;
}

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

/** Node's own code: `node:internal/...`, or the bare `internal/...`/`events.js` of old Nodes. */
function isNodeInternal(posix: string): boolean {
  if (posix.startsWith('node:')) return true;
  return !posix.startsWith('/') && !WINDOWS_DRIVE.test(posix) && !URL_SCHEME.test(posix);
}

/** The path part of a URL (`https://cdn.example/static/app.js?v=3` → `/static/app.js`). */
function urlPathname(url: string): string {
  const afterScheme = url.indexOf('//') + 2;
  const slash = url.indexOf('/', afterScheme);
  const path = slash === -1 ? '/' : url.slice(slash);
  return path.replace(/[?#].*$/, '');
}

/** A root as given (path or file URL, either slash style, with or without a trailing slash). */
export function normalizeRoot(root: string | undefined): string | undefined {
  if (typeof root !== 'string' || root === '') return undefined;
  const path = root.startsWith('file://') ? fileUrlToPath(root) : root;
  return toPosix(path);
}

function relativeTo(posix: string, root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  // Windows paths compare case-insensitively; POSIX ones exactly.
  const fold = WINDOWS_DRIVE.test(root);
  const p = fold ? posix.toLowerCase() : posix;
  const r = fold ? root.toLowerCase() : root;
  return p.startsWith(`${r}/`) ? posix.slice(root.length + 1) : undefined;
}

/**
 * A file of an installed package: `filename` is `<package>/<path in it>` whatever folder the
 * package sits in, so a package gets the same names (and grouping) from any install; never in-app.
 *
 * @example
 * describePackageFile('/srv/app/node_modules/express/lib/router/index.js', 'express/lib/router/index.js');
 * // { abs_path: '/srv/app/node_modules/express/lib/router/index.js',
 * //   filename: 'express/lib/router/index.js', module: 'express.lib.router:index', in_app: false }
 */
export function describePackageFile(abs_path: string, filename: string): PathInfo {
  return { abs_path, filename, module: moduleFromRelative(filename), in_app: false };
}

/**
 * Names for one file path as V8 printed it (a file URL is converted first).
 * - `node_modules` code: filename is the package path after the LAST `node_modules/`
 *   (`express/lib/router/index.js`), so npm, pnpm (`.pnpm/x@1/node_modules/x`) and any deploy
 *   directory give the same name; module `express.lib.router:index`; not in-app.
 * - Node internals: the specifier (`node:internal/timers`) for both; not in-app.
 * - Files under `root`: the path relative to it (`routes/users.js`, module `routes:users`).
 * - Anything else: filename is the normalized absolute path and module only the file's base
 *   name (`users`), the one part that does not depend on where the app was deployed. Pass
 *   `root` for better modules. URLs (browser bundles) use their pathname (`/static/app.js`,
 *   module `static:app`), so the CDN host does not matter.
 */
export function describePath(printed: string, root: string | undefined): PathInfo {
  const abs_path = printed.startsWith('file://') ? fileUrlToPath(printed) : printed;
  const isUrl = URL_SCHEME.test(abs_path);
  const posix = toPosix(isUrl ? urlPathname(abs_path) : abs_path);
  const nm = posix.lastIndexOf('node_modules/');
  if (nm !== -1) return describePackageFile(abs_path, posix.slice(nm + 'node_modules/'.length));
  if (!isUrl && isNodeInternal(posix)) {
    return { abs_path, filename: posix, module: posix.replace(SOURCE_EXTENSION, ''), in_app: false };
  }
  // A URL's pathname is already independent of the host serving it.
  const relative = isUrl ? posix.slice(1) : relativeTo(posix, root);
  if (relative !== undefined) {
    return {
      abs_path,
      filename: isUrl ? posix : relative,
      module: moduleFromRelative(relative),
      in_app: true,
    };
  }
  return { abs_path, filename: posix, module: moduleFromRelative(basename(posix)), in_app: true };
}
