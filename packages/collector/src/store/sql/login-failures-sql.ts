/**
 * Failed logins (migration 11), counted in the store so guesses spread over several collectors
 * count together. Each failure is one upsert per table, so two collectors counting the same pair
 * at once both count; a pair quiet for its memory, or an address whose window is over, starts
 * again inside the same statement. What the counts mean is api/login-throttle.ts's.
 */

import type { LoginFailure, LoginFailureCounts } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** The failed-login operations of a SQL store. */
export function loginFailuresSql(ctx: SqlContext) {
  return {
    async loginFailures(pairHash: string | undefined, addressHash: string): Promise<LoginFailureCounts> {
      const address = await ctx.read.get<Row>(
        'SELECT failures, started_at FROM login_address_failures WHERE address_hash = ?',
        [addressHash],
      );
      const pair =
        pairHash === undefined
          ? undefined
          : await ctx.read.get<Row>(
              'SELECT failures, last_failure_at FROM login_pair_failures WHERE pair_hash = ?',
              [pairHash],
            );
      return {
        ...(pair
          ? { pair: { failures: Number(pair.failures), lastFailureAt: Number(pair.last_failure_at) } }
          : {}),
        ...(address
          ? { address: { failures: Number(address.failures), startedAt: Number(address.started_at) } }
          : {}),
      };
    },
    recordLoginFailure: (f: LoginFailure, sweepLimit: number) =>
      ctx.transaction(async (exec) => {
        await exec.run(
          'INSERT INTO login_address_failures AS a (address_hash, started_at, failures) VALUES (?, ?, 1) ' +
            'ON CONFLICT (address_hash) DO UPDATE SET ' +
            'failures = CASE WHEN excluded.started_at - a.started_at >= ? THEN 1 ELSE a.failures + 1 END, ' +
            'started_at = CASE WHEN excluded.started_at - a.started_at >= ? THEN excluded.started_at ELSE a.started_at END',
          [f.addressHash, f.now, f.windowMs, f.windowMs],
        );
        if (f.pairHash !== undefined)
          await exec.run(
            'INSERT INTO login_pair_failures AS p (pair_hash, failures, last_failure_at) VALUES (?, 1, ?) ' +
              'ON CONFLICT (pair_hash) DO UPDATE SET ' +
              'failures = CASE WHEN excluded.last_failure_at - p.last_failure_at >= ? THEN 1 ELSE p.failures + 1 END, ' +
              'last_failure_at = CASE WHEN excluded.last_failure_at > p.last_failure_at THEN excluded.last_failure_at ELSE p.last_failure_at END',
            [f.pairHash, f.now, f.memoryMs],
          );
        // Rows past their memory or window mean nothing any more; a few go with each failure.
        // Rows another transaction holds are skipped: it may be counting a new failure there.
        const skip = exec.dialect.forUpdateSkipLocked;
        await exec.run(
          `DELETE FROM login_pair_failures WHERE pair_hash IN (SELECT pair_hash FROM login_pair_failures WHERE last_failure_at <= ? LIMIT ? ${skip}) AND last_failure_at <= ?`,
          [f.now - f.memoryMs, sweepLimit, f.now - f.memoryMs],
        );
        await exec.run(
          `DELETE FROM login_address_failures WHERE address_hash IN (SELECT address_hash FROM login_address_failures WHERE started_at <= ? LIMIT ? ${skip}) AND started_at <= ?`,
          [f.now - f.windowMs, sweepLimit, f.now - f.windowMs],
        );
      }),
    async clearLoginFailures(pairHash: string) {
      await ctx.transaction((exec) =>
        exec.run('DELETE FROM login_pair_failures WHERE pair_hash = ?', [pairHash]),
      );
    },
  };
}
