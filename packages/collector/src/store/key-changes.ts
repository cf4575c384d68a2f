/**
 * A Store whose key and project-setting writes call `changed` once they settle. Ingest caches a
 * key's settings (KEY_CACHE_TTL_MS); PostgreSQL's change notices make every collector forget
 * them, but SQLite has none, so without this a DSN revoked or a filter saved in this collector's
 * own dashboard would apply only when the cache expires.
 */

import type { Store } from './store.js';

const KEY_WRITES = new Set<string | symbol>(['updateProjectSettings', 'createKey', 'disableKey']);

/**
 * @example const apiStore = notifyKeyChanges(store, () => ingest.forgetKeys())
 */
export function notifyKeyChanges(store: Store, changed: () => void): Store {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (!KEY_WRITES.has(prop)) return value.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } finally {
          changed();
        }
      };
    },
  });
}
