/**
 * A Store from a dialect's connections: every query lives once in store/sql; the SQLite and
 * PostgreSQL stores supply only connections, transactions, migrations and DDL.
 */

import type { AlertSubjectState } from '../alert-records.js';
import type { Store } from '../store.js';
import type { WriteTx } from '../write-tx.js';
import { alertHistorySql } from './alert-history-sql.js';
import { alertIncidentsSql } from './alert-incidents-sql.js';
import { alertLogSql } from './alert-log-sql.js';
import { alertOutboxSql } from './alert-outbox-sql.js';
import { AlertRulesCache } from './alert-rules-cache.js';
import { alertRulesSql } from './alert-rules-sql.js';
import { AlertStateMemo } from './alert-state-memo.js';
import { artifactsSql } from './artifacts-sql.js';
import { attachmentsSql } from './attachments-sql.js';
import { countsSql } from './counts-sql.js';
import { dashboardSessionsSql } from './dashboard-sessions-sql.js';
import { emailDigestsSql } from './email-digests-sql.js';
import type { EventPartitions } from './event-partitions.js';
import { eventsSql } from './events-sql.js';
import type { SqlContext } from './executor.js';
import { FingerprintRulesCache } from './fingerprint-rules-cache.js';
import { fingerprintsSql } from './fingerprints-sql.js';
import { gateSql } from './gate-sql.js';
import { gateVerdictsSql } from './gate-verdicts-sql.js';
import { issueActivitySql } from './issue-activity-sql.js';
import { issueAssignSql } from './issue-assign-sql.js';
import { issueCommentsSql } from './issue-comments-sql.js';
import { issueCountsSql } from './issue-counts-sql.js';
import { issueDeleteSql } from './issue-delete-sql.js';
import { snoozeSql } from './issue-snooze-sql.js';
import { issueTagsSql } from './issue-tags-sql.js';
import { issuesSql } from './issues-sql.js';
import { leasesSql } from './leases-sql.js';
import { loginFailuresSql } from './login-failures-sql.js';
import { mergeSql } from './merge-sql.js';
import { projectsSql } from './projects-sql.js';
import { ratesSql } from './rates-sql.js';
import { releaseMetaSql } from './release-meta-sql.js';
import { retentionSql } from './retention-sql.js';
import { sampledSql } from './sampled-sql.js';
import { SilencesCache } from './silences-cache.js';
import { silencesSql } from './silences-sql.js';
import { createSqlWriteTx } from './sql-write-tx.js';
import { tokensSql } from './tokens-sql.js';
import { usersSql } from './users-sql.js';

/** The dialect-specific parts of a store. */
export interface SqlLifecycle {
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Where events are partitioned by time (PostgreSQL). */
  partitions?: EventPartitions;
  /** Tells `onChange` of committed changes to cached tables (PostgreSQL); absent: never. */
  watchChanges?(onChange: (table: string) => void): { close(): Promise<void> };
}

const NOT_WATCHED = { close: async () => {} };

/**
 * Assembles a Store from a SqlContext and the dialect's lifecycle.
 * @example createSqlStore({ read, transaction }, { migrate, close })
 */
export function createSqlStore(ctx: SqlContext, lifecycle: SqlLifecycle): Store {
  const rules = new AlertRulesCache();
  const memo = new AlertStateMemo();
  const silences = new SilencesCache();
  const fingerprintRules = new FingerprintRulesCache();
  const write = async <T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> => {
    let written: AlertSubjectState[] = [];
    const value = await ctx.transaction((exec) => {
      written = []; // a rerun (PostgreSQL deadlock) starts again
      return fn({
        ...createSqlWriteTx(exec, { rules, silences, memo, written }),
        fingerprintRules: (projectIds) => fingerprintRules.rulesOf(exec, projectIds),
      });
    });
    memo.remember(written); // committed: only now is it what the store holds
    return value;
  };
  return {
    migrate: () => lifecycle.migrate(),
    close: () => lifecycle.close(),
    watchChanges(onChange) {
      const forget = (table: string) => {
        if (table === '*' || table === 'alert_rules') rules.invalidate();
        if (table === '*' || table === 'alert_silences') silences.invalidate();
        if (table === '*' || table === 'projects') fingerprintRules.invalidate();
        onChange(table);
      };
      return lifecycle.watchChanges?.(forget) ?? NOT_WATCHED;
    },
    ...projectsSql(ctx, fingerprintRules),
    ...tokensSql(ctx),
    ...usersSql(ctx),
    ...dashboardSessionsSql(ctx),
    ...loginFailuresSql(ctx),
    write,
    ...issuesSql(ctx, silences),
    ...snoozeSql(ctx),
    ...issueAssignSql(ctx),
    ...issueCommentsSql(ctx),
    ...issueActivitySql(ctx),
    ...issueDeleteSql(ctx, silences),
    ...mergeSql(ctx, memo, silences),
    ...fingerprintsSql(ctx),
    ...issueCountsSql(ctx),
    ...eventsSql(ctx),
    ...issueTagsSql(ctx),
    ...sampledSql(ctx),
    ...countsSql(ctx),
    ...ratesSql(ctx),
    ...gateSql(ctx),
    ...gateVerdictsSql(ctx),
    ...releaseMetaSql(ctx),
    ...artifactsSql(ctx),
    ...attachmentsSql(ctx),
    ...retentionSql(ctx, lifecycle.partitions),
    maintainPartitions: async (now = Date.now()) => (await lifecycle.partitions?.ensure(now)) ?? [],
    ...alertRulesSql(ctx, rules, memo),
    ...alertOutboxSql(ctx, rules),
    ...emailDigestsSql(ctx),
    ...alertLogSql(ctx),
    ...alertIncidentsSql(ctx, { rules, silences }),
    ...silencesSql(ctx, silences),
    ...alertHistorySql(ctx),
    ...leasesSql(ctx),
  };
}
