/**
 * Server-side scrubbing (issue 4 §1, sentry-protocol.md §4.4): core's redact with the project's
 * extra keys, before anything reaches `commit`. SDKs scrub too, but an SDK may be old,
 * misconfigured or not ours, so the collector never trusts that they did. One compiled redactor
 * per distinct key list, kept in a bounded cache.
 *
 * Ingest scrubs JSON it has just parsed and owns, so it uses core's `createJsonRedactor`: the
 * same result as `redact`, without deep-copying the parts of the event that hold no secret
 * (most of it), which made scrubbing the largest cost of ingest.
 */

import { createJsonRedactor } from '@faultline/core';
import { compositeKey } from '../composite-key.js';
import { MAX_SCRUB_NODES, MAX_SCRUBBER_CACHE_ENTRIES } from '../limits.js';

export type Scrub = <T>(value: T) => T;

/**
 * A factory of scrubbers keyed by the project's `scrubKeys`. `maxDepth` should be at least the
 * ingest JSON depth bound, so scrubbing never replaces deep (already bounded) data by a marker.
 * A scrubber's result may share objects with its input (JSON data only).
 * @example const scrub = scrubbers(65)(key.scrubKeys); const clean = scrub(event)
 */
export function scrubbers(maxDepth: number): (scrubKeys: readonly string[]) => Scrub {
  const cache = new Map<string, Scrub>();
  return (scrubKeys) => {
    const id = compositeKey(...scrubKeys);
    let scrub = cache.get(id);
    if (!scrub) {
      if (cache.size >= MAX_SCRUBBER_CACHE_ENTRIES) cache.clear();
      scrub = createJsonRedactor({ keys: [...scrubKeys], maxDepth, maxNodes: MAX_SCRUB_NODES });
      cache.set(id, scrub);
    }
    return scrub;
  };
}
