/**
 * The ingest routes (sentry-protocol.md §1.2): SDKs build
 * `{path_prefix}/api/{project_id}/{envelope|store}/` with a trailing slash; we accept it with
 * and without, under the operator's configured prefix. Native crash and CSP endpoints are not
 * served (the spec allows 404).
 */

export type IngestEndpoint = 'envelope' | 'store';

export interface IngestRoute {
  /** As written in the path; checked against the store by the handler (unknown → 404). */
  projectId: string;
  endpoint: IngestEndpoint;
}

/** Normalises a configured prefix: '' or '/x/y' (leading slash, no trailing one). */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * The ingest route of a request path (query string allowed), or null when it is not one.
 * @example matchIngestPath('/sentry/api/42/envelope/?sentry_key=k', '/sentry') // { projectId: '42', endpoint: 'envelope' }
 */
export function matchIngestPath(url: string, prefix = ''): IngestRoute | null {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  const p = normalizePrefix(prefix);
  if (p !== '') {
    if (!path.startsWith(`${p}/`)) return null;
    path = path.slice(p.length);
  }
  const m = /^\/api\/([^/]+)\/(envelope|store)\/?$/.exec(path);
  if (!m) return null;
  return { projectId: m[1] as string, endpoint: m[2] as IngestEndpoint };
}
