/**
 * The rules digest evaluates, cached per store (project-snapshot-cache.ts): a commit in a project
 * without rules costs no query; this process's rule changes apply at once, another collector's
 * (PostgreSQL) within ALERT_RULES_CACHE_TTL_MS.
 */

import type { ActiveAlertRule } from '../../alerts/rules/rule-types.js';
import { ALERT_RULES_CACHE_TTL_MS } from '../../limits.js';
import type { ProjectId } from '../ids.js';
import { toActiveAlertRule } from './alert-rows.js';
import type { SqlExecutor } from './executor.js';
import { ProjectSnapshotCache } from './project-snapshot-cache.js';

const SELECT_RULES =
  'SELECT r.*, p.name AS project_name FROM alert_rules r JOIN projects p ON p.id = r.project_id ORDER BY r.id';

export class AlertRulesCache extends ProjectSnapshotCache<ActiveAlertRule> {
  constructor(ttlMs = ALERT_RULES_CACHE_TTL_MS, clock: () => number = Date.now) {
    super({ sql: SELECT_RULES, toRecord: toActiveAlertRule }, ttlMs, clock);
  }

  /**
   * The rules of these projects, reading the table through `exec` when the snapshot is stale
   * (for one project, the same array while the snapshot holds).
   * @example const rules = await cache.rulesOf(exec, [projectId])
   */
  rulesOf(exec: SqlExecutor, projectIds: readonly ProjectId[]): Promise<readonly ActiveAlertRule[]> {
    return this.of(exec, projectIds);
  }
}
