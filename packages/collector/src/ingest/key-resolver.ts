/**
 * Turns an agreed public key and the path's project id into the key's KeyInfo, with the checks
 * Relay makes (sentry-protocol.md §2.3): key exists (else 403), key enabled (403), project exists
 * (404), key belongs to the path's project (403). The key is checked first so that an anonymous
 * caller cannot probe which project ids exist. Lookups are cached briefly (KEY_CACHE_TTL_MS), and
 * forgotten at once when the store says keys or projects changed (`forget`: PostgreSQL's change
 * notices, store/postgres/change-listener.ts), so a revoked key or a new project setting applies
 * on every collector without waiting for the TTL.
 * A lookup the store cannot answer, or not within KEY_LOOKUP_TIMEOUT_MS, is answered 503 with
 * Retry-After: a down or frozen store used to hold ingest requests until its own timeouts.
 */

import type { IngestDeps, KeyInfo } from '../ingest-batch.js';
import { DEFAULT_STORE_RETRY_AFTER_S, KEY_LOOKUP_TIMEOUT_MS } from '../limits.js';
import { isStoreUnavailable } from '../store/store-errors.js';
import { IngestRejection } from './http-errors.js';
import type { IngestOptions } from './options.js';
import { TtlCache } from './ttl-cache.js';

/** Project ids are decimal integers (we issue them; sentry-protocol.md §1.1). */
const PROJECT_ID = /^[1-9][0-9]{0,14}$/;

/** A failed lookup is our outage, not the client's fault: 503, like a failed commit, and like
 * every 503 it says when to send again. */
function storeDown(error: unknown): never {
  const retryAfterS = isStoreUnavailable(error) ? error.retryAfterS : DEFAULT_STORE_RETRY_AFTER_S;
  throw new IngestRejection(503, 'store unavailable: cannot look up the key', {
    'retry-after': String(retryAfterS),
  });
}

/** The lookup, or a rejection once it has taken KEY_LOOKUP_TIMEOUT_MS. The lookup itself goes on
 * (the cache shares it with the requests that follow) and settles within the store's bounds. */
function bounded<V>(lookup: Promise<V>): Promise<V> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`key lookup passed KEY_LOOKUP_TIMEOUT_MS (${KEY_LOOKUP_TIMEOUT_MS} ms)`)),
      KEY_LOOKUP_TIMEOUT_MS,
    );
  });
  return Promise.race([lookup, overdue]).finally(() => clearTimeout(timer));
}

export type KeyResolver = ((publicKey: string, pathProjectId: string) => Promise<KeyInfo>) & {
  /** Forgets every cached key and project lookup. */
  forget(): void;
};

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

  const resolve = async (publicKey: string, pathProjectId: string) => {
    const key = await bounded(keys.get(publicKey, (k) => deps.findKey(k), keyTtl)).catch(storeDown);
    if (!key) throw new IngestRejection(403, 'unknown DSN public key');
    if (!key.enabled) throw new IngestRejection(403, 'DSN key is disabled');
    const projectId = PROJECT_ID.test(pathProjectId) ? Number(pathProjectId) : Number.NaN;
    const exists =
      Number.isSafeInteger(projectId) &&
      (await bounded(projects.get(projectId, (p) => deps.projectExists(p), projectTtl)).catch(storeDown));
    if (!exists)
      throw new IngestRejection(404, `unknown project ${JSON.stringify(pathProjectId.slice(0, 32))}`);
    if (key.projectId !== projectId)
      throw new IngestRejection(403, `DSN key does not belong to project ${projectId}`);
    return key;
  };
  return Object.assign(resolve, {
    forget() {
      keys.clear();
      projects.clear();
    },
  });
}
