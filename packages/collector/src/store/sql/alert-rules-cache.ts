/**
 * The rules digest evaluates, cached per store so that a commit in a project without rules costs
 * no query (issue 14 §3: "one cached lookup"). The whole table is one snapshot, read again after
 * ALERT_RULES_CACHE_TTL_MS or at once after this process changed a rule; another collector's
 * change (PostgreSQL) applies within the TTL.
 */

import type { ActiveAlertRule } from '../../alerts/rules/rule-types.js';
import { ALERT_RULES_CACHE_TTL_MS } from '../../limits.js';
import type { ProjectId } from '../ids.js';
import { toActiveAlertRule } from './alert-rows.js';
import type { SqlExecutor } from './executor.js';
import type { Row } from './rows.js';

const SELECT_RULES =
  'SELECT r.*, p.name AS project_name FROM alert_rules r JOIN projects p ON p.id = r.project_id ORDER BY r.id';

export class AlertRulesCache {
  #byProject = new Map<ProjectId, ActiveAlertRule[]>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every change, so a load that started before one does not count as fresh. */
  #generation = 0;

  constructor(
    private readonly ttlMs = ALERT_RULES_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Forgets the snapshot: the next lookup reads the table. */
  invalidate(): void {
    this.#generation++;
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * The rules of these projects, reading the table through `exec` when the snapshot is stale.
   * @example const rules = await cache.rulesOf(exec, [projectId])
   */
  async rulesOf(exec: SqlExecutor, projectIds: readonly ProjectId[]): Promise<ActiveAlertRule[]> {
    if (this.clock() - this.#loadedAt >= this.ttlMs) {
      const generation = this.#generation;
      const startedAt = this.clock();
      const byProject = new Map<ProjectId, ActiveAlertRule[]>();
      for (const row of await exec.all<Row>(SELECT_RULES)) {
        const rule = toActiveAlertRule(row);
        const list = byProject.get(rule.projectId);
        if (list === undefined) byProject.set(rule.projectId, [rule]);
        else list.push(rule);
      }
      if (generation === this.#generation) {
        this.#byProject = byProject;
        this.#loadedAt = startedAt;
      }
      return projectIds.flatMap((id) => byProject.get(id) ?? []);
    }
    return projectIds.flatMap((id) => this.#byProject.get(id) ?? []);
  }
}
