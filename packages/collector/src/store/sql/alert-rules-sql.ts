/** Alert rules (issue 14 §1): CRUD, and a channel disabled by a 410 Gone. */

import { LimitExceededError } from '@faultline/core';
import type { AlertChannel, AlertRuleInput } from '../../alerts/rules/rule-types.js';
import { MAX_ALERT_RULES_PER_PROJECT } from '../../limits.js';
import type { AlertChannelDisable } from '../alert-records.js';
import type { ProjectId } from '../ids.js';
import { channelsOf, toAlertRule } from './alert-rows.js';
import type { AlertRulesCache } from './alert-rules-cache.js';
import type { AlertStateMemo } from './alert-state-memo.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import type { Row } from './rows.js';

/**
 * Marks a rule's channel disabled and its pending notifications with it, inside the caller's
 * transaction (the caller invalidates the rules cache once it commits).
 * @example await ctx.transaction((exec) => disableChannel(exec, { ruleId, channelId, reason, at }))
 */
export async function disableChannel(exec: SqlExecutor, d: AlertChannelDisable): Promise<void> {
  const row = await exec.get<Row>(`SELECT channels FROM alert_rules WHERE id = ?${exec.dialect.forUpdate}`, [
    d.ruleId,
  ]);
  if (row !== undefined) {
    const channels = channelsOf(row.channels).map((c) =>
      c.id === d.channelId ? { ...c, disabled: { at: d.at, reason: d.reason } } : c,
    );
    await exec.run('UPDATE alert_rules SET channels = ? WHERE id = ?', [JSON.stringify(channels), d.ruleId]);
  }
  await exec.run(
    "UPDATE alert_outbox SET state = 'disabled', last_error = ?, updated_at = ? " +
      "WHERE rule_id = ? AND channel_id = ? AND state = 'pending'",
    [d.reason, d.at, d.ruleId, d.channelId],
  );
}

/** A saved channel starts enabled: saving the rule is how a disabled channel is turned back on. */
const channelsJson = (channels: readonly AlertChannel[]) =>
  JSON.stringify(channels.map(({ disabled: _disabled, ...channel }) => channel));

const fields = (rule: AlertRuleInput) => [
  rule.name,
  JSON.stringify(rule.trigger),
  JSON.stringify(rule.filters),
  channelsJson(rule.channels),
  rule.actionIntervalMinutes,
];

/** The alert rule operations of a SQL store; every change invalidates `cache`, and a deleted
 * rule's remembered states go (its id is not reused, but its rows are gone). */
export function alertRulesSql(ctx: SqlContext, cache: AlertRulesCache, memo: AlertStateMemo) {
  const changed = <T>(result: T): T => {
    cache.invalidate();
    return result;
  };
  return {
    async createAlertRule(projectId: ProjectId, rule: AlertRuleInput) {
      const row = await ctx.transaction(async (exec) => {
        // Locking the project row keeps two concurrent creates from both passing the count.
        const project = await exec.get<Row>(`SELECT id FROM projects WHERE id = ?${exec.dialect.forUpdate}`, [
          projectId,
        ]);
        if (project === undefined) return undefined;
        const counted = await exec.get<Row>('SELECT count(*) AS n FROM alert_rules WHERE project_id = ?', [
          projectId,
        ]);
        const count = Number(counted?.n ?? 0);
        if (count >= MAX_ALERT_RULES_PER_PROJECT)
          throw new LimitExceededError(
            'MAX_ALERT_RULES_PER_PROJECT',
            MAX_ALERT_RULES_PER_PROJECT,
            count + 1,
            'alert rules of a project',
          );
        const now = Date.now();
        return exec.get<Row>(
          'INSERT INTO alert_rules (project_id, name, trigger, filters, channels, action_interval_minutes, created_at, updated_at) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
          [projectId, ...fields(rule), now, now],
        );
      });
      return changed(row === undefined ? undefined : toAlertRule(row));
    },
    async listAlertRules(projectId: ProjectId) {
      const rows = await ctx.read.all<Row>('SELECT * FROM alert_rules WHERE project_id = ? ORDER BY id', [
        projectId,
      ]);
      return rows.map(toAlertRule);
    },
    async getAlertRule(id: number) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await ctx.read.get<Row>('SELECT * FROM alert_rules WHERE id = ?', [id]);
      return row === undefined ? undefined : toAlertRule(row);
    },
    async updateAlertRule(id: number, rule: AlertRuleInput) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await ctx.transaction((exec) =>
        exec.get<Row>(
          'UPDATE alert_rules SET name = ?, trigger = ?, filters = ?, channels = ?, action_interval_minutes = ?, ' +
            'updated_at = ? WHERE id = ? RETURNING *',
          [...fields(rule), Date.now(), id],
        ),
      );
      return changed(row === undefined ? undefined : toAlertRule(row));
    },
    async deleteAlertRule(id: number) {
      if (!Number.isSafeInteger(id)) return false;
      const deleted = await ctx.transaction((exec) => exec.run('DELETE FROM alert_rules WHERE id = ?', [id]));
      memo.forget();
      return changed(deleted > 0);
    },
  };
}
