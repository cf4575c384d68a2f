/**
 * Turns an agreed public key and the path's project id into the key's KeyInfo, with the checks
 * Relay makes (sentry-protocol.md §2.3): key exists (else 403), key enabled (403), project exists
 * (404), key belongs to the path's project (403). The key is checked first so that an anonymous
 * caller cannot probe which project ids exist. Lookups are cached briefly (KEY_CACHE_TTL_MS).
 */

import type { IngestDeps, KeyInfo } from '../ingest-batch.js';
import { IngestRejection } from './http-errors.js';
import type { IngestOptions } from './options.js';
import { TtlCache } from './ttl-cache.js';

/** Project ids are decimal integers (we issue them; sentry-protocol.md §1.1). */
const PROJECT_ID = /^[1-9][0-9]{0,14}$/;

/** A failed lookup is our outage, not the client's fault: 503, like a failed commit. */
function storeDown(): never {
  throw new IngestRejection(503, 'store unavailable: cannot look up the key');
}

export type KeyResolver = (publicKey: string, pathProjectId: string) => Promise<KeyInfo>;

/**
 * A cached resolver over `deps.findKey` and `deps.projectExists`.
 * @example const resolve = createKeyResolver(deps, options); const key = await resolve('abc', '1')
 */
export function createKeyResolver(
  deps: Pick<IngestDeps, 'findKey' | 'projectExists'>,
  options: Pick<IngestOptions, 'keyCacheTtlMs' | 'negativeKeyCacheTtlMs' | 'maxKeyCacheEntries' | 'now'>,
): KeyResolver {
  const keys = new TtlCache<string, KeyInfo | undefined>(options.maxKeyCacheEntries, options.now);
  const projects = new TtlCache<number, boolean>(options.maxKeyCacheEntries, options.now);
  const keyTtl = (v: KeyInfo | undefined) => (v ? options.keyCacheTtlMs : options.negativeKeyCacheTtlMs);
  const projectTtl = (v: boolean) => (v ? options.keyCacheTtlMs : options.negativeKeyCacheTtlMs);

  return async (publicKey, pathProjectId) => {
    const key = await keys.get(publicKey, (k) => deps.findKey(k), keyTtl).catch(storeDown);
    if (!key) throw new IngestRejection(403, 'unknown DSN public key');
    if (!key.enabled) throw new IngestRejection(403, 'DSN key is disabled');
    const projectId = PROJECT_ID.test(pathProjectId) ? Number(pathProjectId) : Number.NaN;
    const exists =
      Number.isSafeInteger(projectId) &&
      (await projects.get(projectId, (p) => deps.projectExists(p), projectTtl).catch(storeDown));
    if (!exists)
      throw new IngestRejection(404, `unknown project ${JSON.stringify(pathProjectId.slice(0, 32))}`);
    if (key.projectId !== projectId)
      throw new IngestRejection(403, `DSN key does not belong to project ${projectId}`);
    return key;
  };
}
