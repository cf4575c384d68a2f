/** Rate alert incidents (migration 6): the evaluation pass under the rate lease, and the list. */

import { MAX_STORE_PAGE_SIZE } from '../../limits.js';
import type { AlertIncidentQuery, RateAlertTx } from '../alert-incidents.js';
import type { AlertRulesCache } from './alert-rules-cache.js';
import type { SqlContext } from './executor.js';
import { toAlertIncident, withRateLease } from './rate-alert-tx.js';
import type { Row } from './rows.js';
import type { SilencesCache } from './silences-cache.js';

/**
 * The incident operations of a SQL store.
 * @example const store = { ...alertIncidentsSql(ctx, rules) }; await store.listAlertIncidents({ ruleId: 3, limit: 20 })
 */
export function alertIncidentsSql(
  ctx: SqlContext,
  caches: { rules: AlertRulesCache; silences: SilencesCache },
) {
  return {
    withRateAlertLease: <T>(fn: (tx: RateAlertTx) => Promise<T>, options: { prefetchAt?: number } = {}) =>
      withRateLease(ctx, caches, fn, options.prefetchAt),
    async listAlertIncidents(q: AlertIncidentQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.projectId !== undefined) {
        where.push('project_id = ?');
        params.push(q.projectId);
      }
      if (q.ruleId !== undefined) {
        where.push('rule_id = ?');
        params.push(q.ruleId);
      }
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM alert_incidents${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
        [...params, Math.min(q.limit, MAX_STORE_PAGE_SIZE)],
      );
      return rows.map(toAlertIncident);
    },
  };
}
