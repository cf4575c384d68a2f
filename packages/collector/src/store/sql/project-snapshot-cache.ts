/**
 * A per-store cache of one table's live rows, grouped by project, so that a digest commit in a
 * project without any costs no query (issue 14 §3: "one cached lookup"). The whole table is one
 * snapshot, read again after the TTL or at once after this process changed a row; another
 * collector's change (PostgreSQL) applies as soon as its change notice arrives
 * (store.watchChanges), or within the TTL while notices cannot be heard. Alert rules and silences
 * use it.
 */

import type { ProjectId } from '../ids.js';
import type { SqlExecutor } from './executor.js';
import type { Row } from './rows.js';

const NONE: readonly never[] = Object.freeze([]);

/** What a snapshot reads: the query, its parameters at `now`, and the row → record mapping. */
export interface SnapshotSource<T> {
  sql: string;
  params?: (now: number) => unknown[];
  toRecord: (row: Row) => T & { projectId: ProjectId };
}

/** @example new ProjectSnapshotCache({ sql: 'SELECT * FROM alert_rules', toRecord }, 5_000) */
export class ProjectSnapshotCache<T> {
  #byProject = new Map<ProjectId, T[]>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every change, so a load that started before one does not count as fresh. */
  #generation = 0;

  constructor(
    private readonly source: SnapshotSource<T>,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Forgets the snapshot: the next lookup reads the table. */
  invalidate(): void {
    this.#generation++;
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * The records of these projects, reading the table through `exec` when the snapshot is stale.
   * For one project it is the snapshot's own array, the same one until the table is read again,
   * so a caller may index it once per snapshot (alerts/evaluate/rule-index.ts).
   * @example const silences = await cache.of(exec, [projectId])
   */
  async of(exec: SqlExecutor, projectIds: readonly ProjectId[]): Promise<readonly T[]> {
    const byProject = await this.#snapshot(exec);
    if (projectIds.length === 1) return byProject.get(projectIds[0] as ProjectId) ?? NONE;
    return projectIds.flatMap((id) => byProject.get(id) ?? []);
  }

  /**
   * The records of every project (the rate evaluator's pass), through the same snapshot.
   * @example const rules = await cache.all(exec)
   */
  async all(exec: SqlExecutor): Promise<T[]> {
    return [...(await this.#snapshot(exec)).values()].flat();
  }

  async #snapshot(exec: SqlExecutor): Promise<Map<ProjectId, T[]>> {
    if (this.clock() - this.#loadedAt < this.ttlMs) return this.#byProject;
    const generation = this.#generation;
    const startedAt = this.clock();
    const byProject = new Map<ProjectId, T[]>();
    for (const row of await exec.all<Row>(this.source.sql, this.source.params?.(startedAt) ?? [])) {
      const record = this.source.toRecord(row);
      const list = byProject.get(record.projectId);
      if (list === undefined) byProject.set(record.projectId, [record]);
      else list.push(record);
    }
    if (generation === this.#generation) {
      this.#byProject = byProject;
      this.#loadedAt = startedAt;
    }
    return byProject;
  }
}
