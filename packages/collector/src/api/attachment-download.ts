/**
 * Headers for serving an attachment's bytes. The sender chose its name and content type, and
 * an attachment is anyone's upload (any DSN key, public in browser apps): it must never render
 * as a page of the collector's origin. So it is always a download, only plain text keeps its
 * type, and nosniff stops the browser from guessing another.
 */

const TEXT_PLAIN = 'text/plain';
const CHARSET = /;\s*charset\s*=\s*"?([A-Za-z0-9._-]{1,40})"?\s*(?:;|$)/i;

/**
 * The content type served: text/plain (with its charset when it names one) stays, anything
 * else is application/octet-stream.
 * @example servedContentType('text/html') // 'application/octet-stream'
 */
export function servedContentType(declared: string): string {
  const essence = (declared.split(';')[0] ?? '').trim().toLowerCase();
  if (essence !== TEXT_PLAIN) return 'application/octet-stream';
  const charset = CHARSET.exec(declared)?.[1];
  return charset === undefined ? TEXT_PLAIN : `${TEXT_PLAIN}; charset=${charset}`;
}

/**
 * An RFC 6266 `attachment` disposition: an ASCII fallback name (anything outside printable
 * ASCII, quotes, backslashes and path separators as `_`) and the exact name as RFC 8187 UTF-8.
 * Stored names are at most MAX_NAME_LENGTH characters (digest/attachments.ts).
 * @example contentDisposition('crash "dump".txt') // attachment; filename="crash _dump_.txt"; filename*=UTF-8''crash%20%22dump%22.txt
 */
export function contentDisposition(filename: string): string {
  const name = filename || 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\/]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
