/**
 * The silences not yet over, cached per store like the rules (project-snapshot-cache.ts): a
 * commit whose decisions would fire compares them in memory (alerts/evaluate/match-silence.ts),
 * and a project without silences costs no query. A silence that ends by its time between two
 * reads is still in the snapshot; matching compares `endsAt` with the commit's clock.
 */

import type { Silence } from '../../alerts/silences/silence-types.js';
import { SILENCES_CACHE_TTL_MS } from '../../limits.js';
import { ProjectSnapshotCache } from './project-snapshot-cache.js';
import { toSilence } from './silence-rows.js';

const SELECT_OPEN =
  'SELECT * FROM alert_silences WHERE ended_at IS NULL AND (ends_at IS NULL OR ends_at > ?) ORDER BY id';

/** @example const open = await new SilencesCache().of(exec, [projectId]) */
export class SilencesCache extends ProjectSnapshotCache<Silence> {
  constructor(ttlMs = SILENCES_CACHE_TTL_MS, clock: () => number = Date.now) {
    super({ sql: SELECT_OPEN, params: (now) => [now], toRecord: toSilence }, ttlMs, clock);
  }
}
