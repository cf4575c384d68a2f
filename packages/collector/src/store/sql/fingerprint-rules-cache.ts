/**
 * The fingerprint rules digest applies, cached per store (project-snapshot-cache.ts): one read of
 * the projects that have rules per FINGERPRINT_RULES_CACHE_TTL_MS, never a query per event or
 * commit; this process's changes (updateProjectSettings) apply at once, another collector's at
 * its change notice on `projects` (PostgreSQL), or within the TTL while notices cannot be heard.
 */

import type { FingerprintRule } from '../../fingerprint-rules/rule-types.js';
import { storedFingerprintRules } from '../../fingerprint-rules/stored-rules.js';
import { FINGERPRINT_RULES_CACHE_TTL_MS } from '../../limits.js';
import type { ProjectId } from '../ids.js';
import type { SqlExecutor } from './executor.js';
import { ProjectSnapshotCache } from './project-snapshot-cache.js';

interface ProjectRules {
  projectId: ProjectId;
  rules: readonly FingerprintRule[];
}

const SELECT_RULES = "SELECT id, fingerprint_rules FROM projects WHERE fingerprint_rules <> '[]' ORDER BY id";

export class FingerprintRulesCache extends ProjectSnapshotCache<ProjectRules> {
  constructor(ttlMs = FINGERPRINT_RULES_CACHE_TTL_MS, clock: () => number = Date.now) {
    super(
      {
        sql: SELECT_RULES,
        toRecord: (row) => ({
          projectId: Number(row.id) as ProjectId,
          rules: storedFingerprintRules(row.fingerprint_rules),
        }),
      },
      ttlMs,
      clock,
    );
  }

  /**
   * The rules of each of these projects that has any.
   * @example const rules = await cache.rulesOf(exec, [projectId]); rules.get(projectId)
   */
  async rulesOf(
    exec: SqlExecutor,
    projectIds: readonly ProjectId[],
  ): Promise<Map<ProjectId, readonly FingerprintRule[]>> {
    const found = await this.of(exec, projectIds);
    return new Map(found.filter((p) => p.rules.length > 0).map((p) => [p.projectId, p.rules]));
  }
}
