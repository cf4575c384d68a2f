/** The fingerprints an issue groups (its own and those merged into it), with their events. */

import type { SentryEvent } from '@faultline/core';
import type { IssueId } from '../ids.js';
import type { IssueFingerprint } from '../merge-records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/**
 * @example const { issueFingerprints } = fingerprintsSql(ctx); await issueFingerprints(7, 50)
 */
export function fingerprintsSql(ctx: SqlContext) {
  return {
    async issueFingerprints(issueId: IssueId, limit: number): Promise<IssueFingerprint[] | undefined> {
      const issue = await ctx.read.get<Row>('SELECT project_id, fingerprint FROM issues WHERE id = ?', [
        issueId,
      ]);
      if (issue === undefined) return undefined;
      const projectId = Number(issue.project_id);
      const own = String(issue.fingerprint);
      const mapped = await ctx.read.all<Row>(
        'SELECT fingerprint FROM issue_fingerprints WHERE project_id = ? AND issue_id = ? ORDER BY merged_at, fingerprint LIMIT ?',
        [projectId, issueId, limit - 1],
      );
      // An event stored before fingerprints were recorded (NULL) is of the issue's own.
      const counts = await ctx.read.all<Row>(
        'SELECT fingerprint, count(*) AS n FROM events WHERE project_id = ? AND issue_id = ? GROUP BY fingerprint',
        [projectId, issueId],
      );
      const eventsOf = (fp: string) =>
        counts
          .filter((c) => (c.fingerprint === null ? own : String(c.fingerprint)) === fp)
          .reduce((n, c) => n + Number(c.n), 0);
      const latest = async (fp: string): Promise<SentryEvent | null> => {
        const match = fp === own ? '(fingerprint = ? OR fingerprint IS NULL)' : 'fingerprint = ?';
        const row = await ctx.read.get<Row>(
          `SELECT payload FROM events WHERE project_id = ? AND issue_id = ? AND ${match} ORDER BY timestamp DESC, id DESC LIMIT 1`,
          [projectId, issueId, fp],
        );
        return row === undefined ? null : (JSON.parse(String(row.payload)) as SentryEvent);
      };
      const fingerprints = [own, ...mapped.map((m) => String(m.fingerprint))];
      return Promise.all(
        fingerprints.map(async (fp) => ({
          fingerprint: fp,
          own: fp === own,
          events: eventsOf(fp),
          event: await latest(fp),
        })),
      );
    },
  };
}
