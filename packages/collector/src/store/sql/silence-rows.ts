/** Row → record mapping of `alert_silences` (migration 7), shared by both stores. */

import type { Silence, SilenceMatchers } from '../../alerts/silences/silence-types.js';
import type { ProjectId } from '../ids.js';
import type { Row } from './rows.js';

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** @example toSilence(await exec.get<Row>('SELECT * FROM alert_silences WHERE id = ?', [id])) */
export function toSilence(r: Row): Silence {
  const matchers: SilenceMatchers = {};
  const ruleId = numOrNull(r.rule_id);
  const issueId = numOrNull(r.issue_id);
  if (ruleId !== null) matchers.ruleId = ruleId;
  if (issueId !== null) matchers.issueId = issueId;
  for (const key of ['route', 'release', 'environment'] as const) {
    const value = strOrNull(r[key]);
    if (value !== null) matchers[key] = value;
  }
  return {
    id: Number(r.id),
    projectId: Number(r.project_id) as ProjectId,
    matchers,
    startsAt: Number(r.starts_at),
    endsAt: numOrNull(r.ends_at),
    // SQLite answers 0/1, PostgreSQL a boolean.
    untilResolved: r.until_resolved === true || Number(r.until_resolved) === 1,
    comment: strOrNull(r.comment),
    createdBy: strOrNull(r.created_by),
    endedAt: numOrNull(r.ended_at),
  };
}
